"""DmfA quarterly declarations: import, consultation by the employment office, GECO/DSP controls."""

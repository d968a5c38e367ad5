"""Region of a Belgian address from its postcode, including the German-language area.

Postcode ranges per region follow bpost's numbering by province: 1000-1299 Brussels-Capital; 1300-1499 Walloon
Brabant; 1500-3999 Flemish Brabant, Antwerp and Limburg; 4000-7999 Liège, Namur, Luxembourg and Hainaut; 8000-9999
West and East Flanders. The German-language area (Deutschsprachige Gemeinschaft, https://www.pdg.be, "Städte und
Gemeinden") is the nine municipalities Eupen, Kelmis, Lontzen, Raeren, Amel, Büllingen, Bütgenbach, Burg-Reuland and
Sankt Vith, all in the province of Liège and so in the Walloon Region; their postcodes are listed below.
"""

from __future__ import annotations

from dataclasses import dataclass

from repertory.constants import Region

#: Postcodes of the nine municipalities of the German-language area (with their former municipalities).
GERMAN_LANGUAGE_AREA_POSTCODES = frozenset(
    {
        4700,  # Eupen
        4701,  # Eupen (Kettenis)
        4710,  # Lontzen (and Herbestal)
        4711,  # Lontzen (Walhorn)
        4720,  # Kelmis
        4721,  # Kelmis (Neu-Moresnet)
        4728,  # Kelmis (Hergenrath)
        4730,  # Raeren (and Hauset)
        4731,  # Raeren (Eynatten)
        4750,  # Bütgenbach (and Elsenborn)
        4760,  # Büllingen (and Manderfeld)
        4761,  # Büllingen (Rocherath)
        4770,  # Amel (and Meyerode)
        4771,  # Amel (Heppenbach)
        4780,  # Sankt Vith (and Recht)
        4782,  # Sankt Vith (Schönberg)
        4783,  # Sankt Vith (Lommersweiler)
        4784,  # Sankt Vith (Crombach)
        4790,  # Burg-Reuland
        4791,  # Burg-Reuland (Thommen)
    }
)


class UnknownPostcode(ValueError):
    """The value is no Belgian postcode (four digits, 1000 to 9999)."""


@dataclass(frozen=True)
class Location:
    region: Region
    german_language_area: bool


def locate(postcode: str | int) -> Location:
    """Return the region of a Belgian postcode, and whether it lies in the German-language area."""
    text = str(postcode).strip()
    if not (len(text) == 4 and text.isdigit()) or not 1000 <= int(text) <= 9999:
        raise UnknownPostcode(f"not a Belgian postcode: {postcode!r}")
    code = int(text)
    if code < 1300:
        region = Region.BRUSSELS
    elif code < 1500 or 4000 <= code < 8000:
        region = Region.WALLONIA
    else:
        region = Region.FLANDERS
    return Location(region=region, german_language_area=code in GERMAN_LANGUAGE_AREA_POSTCODES)

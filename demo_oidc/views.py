"""The demo provider's log-in: pick a demo citizen (no card reader here), then back to the authorisation."""

from django.contrib.auth import get_user_model, login
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from demo_oidc.citizens import CITIZENS


def choose_citizen(request):
    next_url = request.POST.get("next") or request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "/"
    if request.method == "POST":
        username = request.POST.get("citizen", "")
        if username not in CITIZENS:
            return HttpResponseBadRequest("unknown citizen")
        login(request, get_user_model().objects.get(username=username))
        return redirect(next_url)
    citizens = [{"username": name, **claims} for name, claims in CITIZENS.items()]
    return render(request, "demo_oidc/choose.html", {"citizens": citizens, "next": next_url})

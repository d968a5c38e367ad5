"""The one field template (through the form renderer) and the one pagination template every app uses."""

from django import forms
from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator
from django.http import QueryDict
from django.template.loader import render_to_string
from django.test import RequestFactory


class SampleForm(forms.Form):
    number = forms.CharField(label="Number", help_text="Ten digits.")
    agree = forms.BooleanField(label="I agree")


def test_every_field_is_laid_out_by_the_foundation_template():
    form = SampleForm(data={"number": ""})
    assert not form.is_valid()
    html = form["number"].as_field_group()
    assert '<div class="field has-errors">' in html
    assert '<ul class="errorlist" id="id_number_error"><li>This field is required.</li></ul>' in html
    assert '<p class="help" id="id_number_helptext">Ten digits.</p>' in html
    checkbox = form["agree"].as_field_group()
    assert "field-checkbox" in checkbox
    assert checkbox.index("<input") < checkbox.index('<label for="id_agree">')


def test_pagination_keeps_the_query_it_is_given():
    page = Paginator(range(50), 10).page(2)
    html = render_to_string(
        "foundation/pagination.html", {"page": page, "pagination_query": QueryDict("level=federal&q=a+b")}
    )
    assert 'href="?level=federal&amp;q=a+b&amp;page=1" rel="prev"' in html
    assert 'href="?level=federal&amp;q=a+b&amp;page=3" rel="next"' in html


def test_pagination_keeps_the_request_query_and_is_empty_for_one_page():
    request = RequestFactory().get("/list/?sort=date&page=2")
    request.user = AnonymousUser()
    page = Paginator(range(50), 10).page(5)
    html = render_to_string("foundation/pagination.html", {"page": page}, request=request)
    assert 'href="?sort=date&amp;page=4" rel="prev"' in html and 'rel="next"' not in html
    single = Paginator(range(5), 10).page(1)
    assert render_to_string("foundation/pagination.html", {"page": single}, request=request).strip() == ""

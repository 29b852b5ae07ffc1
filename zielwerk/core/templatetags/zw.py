"""Template filters for German formats; they delegate to zielwerk.core.formats."""

from django import template

from zielwerk.core import formats

register = template.Library()


@register.filter
def euro(value):
    return formats.format_euro(value)


@register.filter
def euro_cents(value):
    return formats.format_euro(value, cents="always")


@register.filter
def number_de(value, places=0):
    if value is None or value == "":
        return "–"
    return formats.format_number(value, int(places))


@register.filter
def date_de(value):
    return formats.format_date(value)


@register.filter
def date_short_de(value):
    return formats.format_date(value, padded=False)


@register.filter
def datetime_de(value):
    return formats.format_datetime(value)

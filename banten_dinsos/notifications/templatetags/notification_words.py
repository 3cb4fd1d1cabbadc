"""``{% load notification_words %}``: CAP codes and delivery errors in words (see ``notifications.words``)."""

from django import template

from banten_dinsos.notifications import words

register = template.Library()

register.filter("cap_severity", words.cap_severity)
register.filter("cap_urgency", words.cap_urgency)
register.filter("cap_certainty", words.cap_certainty)
register.filter("cap_category", words.cap_category)
register.filter("delivery_error", words.delivery_error)

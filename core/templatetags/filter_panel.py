"""The filter panel every list page uses (MOJ filter pattern), so they look and behave the same:
a "Filter" heading, the chosen filters as removable tags when the view lists them, the fields,
then "Apply filters" and "Clear filters", and the current sort kept. With live="#results" (and an
htmx trigger) the results also refresh in place as filters change; without JavaScript the
"Apply filters" button does the same.

    {% load filter_panel %}
    {% filter_panel "Filter grants" clear_url applied=applied_filters active=filters_applied %}
      {% govuk_field form.q %} …
    {% endfilter_panel %}
"""

from django import template
from django.template.loader import render_to_string

register = template.Library()


class FilterPanelNode(template.Node):
    def __init__(self, nodelist, label, clear_url, options):
        self.nodelist, self.label, self.clear_url, self.options = (
            nodelist,
            label,
            clear_url,
            options,
        )

    def render(self, context):
        request = context.get("request")
        applied = self.options["applied"].resolve(context) if "applied" in self.options else []
        active = self.options["active"].resolve(context) if "active" in self.options else False
        live = self.options["live"].resolve(context) if "live" in self.options else ""
        trigger = self.options["trigger"].resolve(context) if "trigger" in self.options else ""
        return render_to_string(
            "includes/filter_panel.html",
            {
                "label": self.label.resolve(context),
                "clear_url": self.clear_url.resolve(context),
                "applied": applied or [],
                "active": bool(active or applied),
                "live": live,
                "trigger": trigger or "change, submit",
                "sort": request.GET.get("sort", "") if request else "",
                "fields": self.nodelist.render(context),
            },
        )


@register.tag
def filter_panel(parser, token):
    """{% filter_panel label clear_url [applied=…] [active=…] [live=…] [trigger=…] %}…{% endfilter_panel %}"""
    bits = token.split_contents()
    if len(bits) < 3:
        raise template.TemplateSyntaxError("filter_panel needs a label and the clear url")
    options = {}
    for bit in bits[3:]:
        name, _, value = bit.partition("=")
        if name not in {"applied", "active", "live", "trigger"} or not value:
            raise template.TemplateSyntaxError(f"filter_panel does not take {bit}")
        options[name] = parser.compile_filter(value)
    nodelist = parser.parse(("endfilter_panel",))
    parser.delete_first_token()
    return FilterPanelNode(
        nodelist, parser.compile_filter(bits[1]), parser.compile_filter(bits[2]), options
    )

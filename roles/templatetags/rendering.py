from django import template

from roles.rendering import render_markdown

register = template.Library()
register.filter("render_markdown", render_markdown)

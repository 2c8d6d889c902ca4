import pytest
from django.urls import resolve, reverse


@pytest.mark.parametrize(
    ("name", "kwargs", "path"),
    [
        ("roles:home", {}, "/"),
        ("roles:category-list", {}, "/jobs/"),
        ("roles:category", {"category_slug": "data"}, "/jobs/data/"),
        (
            "roles:detail",
            {"category_slug": "artificial-intelligence", "role_slug": "ai-solutions-architect"},
            "/jobs/artificial-intelligence/ai-solutions-architect/",
        ),
        (
            "roles:job-ad",
            {"category_slug": "artificial-intelligence", "role_slug": "ai-solutions-architect"},
            "/jobs/artificial-intelligence/ai-solutions-architect/job-ad/",
        ),
    ],
)
def test_reverse_and_resolve_agree(name, kwargs, path):
    assert reverse(name, kwargs=kwargs) == path
    match = resolve(path)
    assert match.view_name == name
    assert match.kwargs == kwargs

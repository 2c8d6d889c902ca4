from django.urls import path, re_path

from roles.open_data import views

app_name = "open_data"

urlpatterns = [
    path("api/v1/docs/", views.api_docs, name="api-docs"),
    path("api/v1/openapi.json", views.openapi_json, name="openapi"),
    path("data/", views.data_index, name="index"),
    path("data/manifest.json", views.data_manifest, name="manifest"),
    re_path(r"^data/(?P<name>[a-z_]+\.(?:jsonl|csv)(?:\.gz)?)$", views.data_file, name="file"),
    path("llms.txt", views.llms_txt_view, name="llms-txt"),
]

# After the API's own addresses (jobsite/urls.py): anything else under /api/ is a JSON 404.
api_fallback = [re_path(r"^api/(?P<rest>.*)$", views.api_not_found, name="api-not-found")]

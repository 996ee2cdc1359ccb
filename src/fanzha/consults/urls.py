from django.urls import path

from fanzha.consults import views

app_name = "consults"
urlpatterns = [
    path("consult/", views.public_page, name="public"),
    path("consults/", views.staff_list, name="staff_list"),
    path("consults/new/", views.staff_new, name="staff_new"),
    path("consults/<int:pk>/", views.detail, name="detail"),
]

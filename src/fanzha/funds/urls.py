from django.urls import path

from fanzha.funds import views

app_name = "funds"
urlpatterns = [
    path("", views.stoppayment_list, name="list"),
    path("new/", views.stoppayment_new, name="stoppayment_new"),
    path("<int:pk>/", views.stoppayment_detail, name="detail"),
    path("<int:pk>/effective/", views.stoppayment_effective, name="effective"),
    path("<int:pk>/failed/", views.stoppayment_failed, name="failed"),
    path("<int:pk>/freeze/", views.freeze_create, name="freeze"),
    path("<int:pk>/return/", views.return_create, name="return"),
]

from django.urls import path

from fanzha.alerts import views

app_name = "alerts"
urlpatterns = [
    path("", views.task_list, name="tasks"),
    path("board/", views.board, name="board"),
    path("new/", views.alert_create, name="new"),
    path("import/", views.alert_import, name="import"),
    path("import/template.xlsx", views.import_template, name="import_template"),
    path("<int:pk>/", views.alert_detail, name="detail"),
    path("<int:pk>/person/", views.alert_person, name="person"),
    path("<int:pk>/attempts/", views.attempt_create, name="attempt"),
    path("<int:pk>/close/", views.alert_close, name="close"),
    path("<int:pk>/money-sent/", views.money_sent, name="money_sent"),
    path("<int:pk>/dispatch/", views.alert_dispatch, name="dispatch"),
    path("observables/<int:pk>/", views.observable_detail, name="observable"),
    path("cross-county/", views.cross_county_list, name="cross_county"),
    path("cross-county/<int:pk>/", views.cross_county_detail, name="cross_county_detail"),
]

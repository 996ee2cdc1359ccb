"""Case pages: list, registration, the case with its accountability (通报、约谈、倒查), import,
notice letters, and a township's or a unit's history."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fanzha.accounts.policy import can
from fanzha.alerts.models import Alert, DissuasionAttempt
from fanzha.cases import key_groups, selectors, services
from fanzha.cases.documents import interview_notice_docx, notification_docx, review_docx
from fanzha.cases.forms import (
    ActionForm,
    AlertLinkForm,
    CaseEditForm,
    CaseForm,
    CaseImportForm,
    DeliveryForm,
    DocumentSettingsForm,
    DoneForm,
    InterviewForm,
    SentForm,
)
from fanzha.cases.importers import COLUMNS, cases_template
from fanzha.cases.letters import NoKeyGroupMembers
from fanzha.cases.models import (
    Case,
    DocumentSettings,
    FollowUpAction,
    Interview,
    NoticeLetter,
    Notification,
    fraud_type_choices,
)
from fanzha.cases.review import backward_check
from fanzha.cases.tasks import import_cases_job, letter_filename, notice_letters_job
from fanzha.core.jobs import job_page, job_start
from fanzha.core.once import once_per_submission
from fanzha.core.pagination import paginate, query_without_page
from fanzha.core.params import day_or_none, id_or_none, ids_of
from fanzha.core.pdf import document_response, pdf_available
from fanzha.core.permissions import action_required
from fanzha.core.versions import StaleEdit
from fanzha.people.models import KeyGroup, Organisation
from fanzha.people.selectors import resident_search
from fanzha.places.models import County, Township, Village
from fanzha.places.scoping import get_scoped_or_404, scoped


def _case_for(request: HttpRequest, pk: int) -> Case:
    return get_scoped_or_404(
        Case.objects.select_related(
            "township__county", "village", "organisation", "victim_resident__household", "created_by"
        ),
        request.user,
        pk=pk,
    )


@action_required("case.read")
def case_list(request: HttpRequest) -> HttpResponse:
    filters = {
        "since": day_or_none(request.GET.get("since")),
        "until": day_or_none(request.GET.get("until")),
        "township": id_or_none(request.GET.get("township")),
        "fraud_type": request.GET.get("fraud_type", ""),
        "key_group": request.GET.get("key_group", ""),
    }
    cases = selectors.cases_for(user=request.user, **filters)  # type: ignore[arg-type]
    context = {
        "page": paginate(request, cases),
        "totals": selectors.totals(cases),
        "filters": filters,
        "qs": query_without_page(request),
        "townships": selectors.townships_for(user=request.user),
        "fraud_types": fraud_type_choices(),
        "key_groups": KeyGroup.objects.all(),
        "may_write": can(request.user, "case.write"),
        "may_import": can(request.user, "case.import"),
    }
    return render(request, "cases/case_list.html", context)


def _case_form(request: HttpRequest, data: Any = None, initial: dict[str, Any] | None = None) -> CaseForm:
    return CaseForm(
        data,
        initial=initial,
        townships=selectors.townships_for(user=request.user),
        villages=scoped(Village.objects.select_related("township"), request.user),
        organisations=scoped(Organisation.objects.select_related("township"), request.user),
    )


def _initial_from_alert(alert: Alert) -> dict[str, Any]:
    """A case opened from an alert starts from what the alert knows: the person, the place, the type,
    the amount the person said was sent (已转账被骗), and the alert's number in the summary."""
    sent = (
        DissuasionAttempt.objects.filter(alert=alert, amount_sent__isnull=False)
        .order_by("-at", "-id")
        .values_list("amount_sent", "at")
        .first()
    )
    fraud_codes = {code for code, _name in fraud_type_choices()}
    return {
        "victim_resident": alert.resident_id,
        "victim_name": "" if alert.resident_id else alert.victim_name,
        "fraud_type": alert.fraud_type if alert.fraud_type in fraud_codes else "",
        "township": alert.township_id,
        "village": alert.village_id,
        "loss_amount": sent[0] if sent else None,
        "occurred_at": timezone.localtime(sent[1]) if sent else None,
        "reported_at": timezone.localtime().replace(second=0, microsecond=0),
        "summary": _("据预警 %(number)s 立案。") % {"number": alert.external_id},
    }


@action_required("case.write")
@once_per_submission
def case_create(request: HttpRequest) -> HttpResponse:
    """报案/立案; from an alert (?alert=ID) the form starts filled from it and the case is tied to it."""
    alert_pk = id_or_none(request.GET.get("alert"))
    alert = get_scoped_or_404(Alert.objects.all(), request.user, pk=alert_pk) if alert_pk else None
    initial = _initial_from_alert(alert) if alert else {"victim_resident": id_or_none(request.GET.get("resident"))}
    form = _case_form(request, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        data = services.CaseInput(
            case_number=c["case_number"],
            occurred_at=c["occurred_at"],
            reported_at=c["reported_at"],
            fraud_type=c["fraud_type"],
            contact_method=c["contact_method"],
            loss_amount=c["loss_amount"],
            township_id=c["township"].pk,
            village_id=c["village"].pk if c["village"] else None,
            organisation_id=c["organisation"].pk if c["organisation"] else None,
            victim_resident_id=c["victim_resident"],
            victim_name=c["victim_name"] if not c["victim_resident"] else "",
            victim_gender=c["victim_gender"],
            victim_age=c["victim_age"],
            summary=c["summary"],
            alert_ids=[alert.pk] if alert else [],
        )
        try:
            case, created = services.case_register(data=data, by=request.user)
        except services.CaseInputError as exc:
            field = {"victim_resident_id": "victim_resident", "township_id": "township", "village_id": "village"}.get(
                exc.field, exc.field
            )
            form.add_error(field if field in form.fields else None, exc.message)
        except services.CaseConflictError as exc:
            form.add_error("case_number", str(exc))
        else:
            if created:
                messages.success(request, _("案件已录入，已起草通报并安排约谈"))
            else:
                messages.info(request, _("该案件编号已存在，显示的是已有案件"))
            return redirect("cases:case_detail", pk=case.pk)
    return render(request, "cases/case_form.html", {"form": form, "alert": alert}, status=400 if form.is_bound else 200)


# The resident picker on the case form: a name prefix or the last four digits of a phone.
PICKER_LIMIT = 10


@action_required("case.write")
def resident_picker(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    digits = "".join(ch for ch in q if ch.isdigit())
    searchable = len(q) >= 1 and (not digits or len(digits) >= 4)
    found = (
        list(resident_search(user=request.user, q=q).select_related("village__township")[: PICKER_LIMIT + 1])
        if searchable
        else []
    )
    return render(
        request,
        "cases/_resident_picker.html",
        {"q": q, "residents": found[:PICKER_LIMIT], "more": len(found) > PICKER_LIMIT, "searchable": searchable},
    )


def _unless_same_minute(typed: datetime, recorded: datetime) -> datetime:
    """The form shows minutes: an untouched time keeps the seconds it was recorded with."""
    return recorded if typed.replace(second=0, microsecond=0) == recorded.replace(second=0, microsecond=0) else typed


@action_required("case.write")
def case_edit(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_for(request, pk)
    villages = scoped(Village.objects.select_related("township").filter(township_id=case.township_id), request.user)
    organisations = scoped(Organisation.objects.select_related("township"), request.user)
    if case.organisation_id:
        # The unit on record stays choosable even when it lies outside the user's jurisdiction.
        organisations = organisations | Organisation.objects.filter(pk=case.organisation_id)
    form = CaseEditForm(
        request.POST or None,
        villages=villages,
        organisations=organisations,
        initial={
            "occurred_at": timezone.localtime(case.occurred_at),
            "reported_at": timezone.localtime(case.reported_at),
            "fraud_type": case.fraud_type,
            "contact_method": case.contact_method,
            "loss_amount": case.loss_amount,
            "village": case.village_id,
            "organisation": case.organisation_id,
            "summary": case.summary,
        },
    )
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            services.case_update(
                case=case,
                by=request.user,
                occurred_at=_unless_same_minute(c["occurred_at"], case.occurred_at),
                reported_at=_unless_same_minute(c["reported_at"], case.reported_at),
                fraud_type=c["fraud_type"],
                contact_method=c["contact_method"],
                loss_amount=c["loss_amount"],
                village_id=c["village"].pk if c["village"] else None,
                organisation_id=c["organisation"].pk if c["organisation"] else None,
                summary=c["summary"],
                version=request.POST.get("version"),
            )
        except StaleEdit as exc:
            form.add_error(None, exc.message)
            return render(request, "cases/case_edit.html", {"form": form, "case": _case_for(request, pk)}, status=409)
        except services.CaseInputError as exc:
            field = {"village_id": "village", "organisation_id": "organisation", "township_id": "village"}.get(
                exc.field, exc.field
            )
            form.add_error(field if field in form.fields else None, exc.message)
        else:
            messages.success(request, _("案件已更新"))
            return redirect("cases:case_detail", pk=case.pk)
    return render(request, "cases/case_edit.html", {"form": form, "case": case}, status=400 if form.is_bound else 200)


@action_required("case.read")
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_for(request, pk)
    services.case_viewed(case=case, by=request.user)
    interview = Interview.objects.filter(case=case).prefetch_related("actions").first()
    context = {
        "case": case,
        "key_groups": case.key_groups.all(),
        "alerts": scoped(case.alerts.all(), request.user).order_by("received_at", "id"),
        "alert_link_form": AlertLinkForm(),
        "funds": selectors.funds_of(case, request.user),
        "notifications": case.notifications.select_related("organisation"),
        "interview": interview,
        "interview_form": InterviewForm(
            initial={
                "responsible_head": interview.responsible_head,
                "scheduled_on": interview.scheduled_on,
                "held_on": interview.held_on,
                "attendees": interview.attendees,
                "minutes": interview.minutes,
            }
        )
        if interview
        else None,
        "action_form": ActionForm(),
        "findings": backward_check(case),
        "may_write": can(request.user, "case.write"),
        "today": date.today().isoformat(),
        "pdf_available": pdf_available(),
    }
    return render(request, "cases/case_detail.html", context)


@require_POST
@action_required("case.write")
def case_alerts(request: HttpRequest, pk: int) -> HttpResponse:
    """Tie an alert to the case by its number (link=预警编号), or untie one (unlink=ID); the backward
    check reads the tied alerts together with the registered victim's own."""
    case = _case_for(request, pk)
    unlink = id_or_none(request.POST.get("unlink"))
    if unlink:
        linked = get_scoped_or_404(case.alerts.all(), request.user, pk=unlink)
        services.case_alert_unlink(case=case, alert=linked, by=request.user)
        messages.success(request, _("已取消关联预警 %(number)s") % {"number": linked.external_id})
        return redirect("cases:case_detail", pk=case.pk)
    form = AlertLinkForm(request.POST)
    if form.is_valid():
        number = form.cleaned_data["alert"].strip()
        alert = scoped(Alert.objects.filter(external_id=number), request.user).first()
        if alert is None:
            messages.error(request, _("没有找到预警 %(number)s（或不在您的辖区内）") % {"number": number})
        else:
            services.case_alert_link(case=case, alert=alert, by=request.user)
            messages.success(request, _("已关联预警 %(number)s") % {"number": alert.external_id})
    else:
        messages.error(request, _("请填写预警编号"))
    return redirect("cases:case_detail", pk=case.pk)


@action_required("case.read")
def case_review_docx(request: HttpRequest, pk: int, fmt: str = "docx") -> HttpResponse:
    case = _case_for(request, pk)
    services.review_viewed(case=case, by=request.user)
    content = review_docx(case, backward_check(case), DocumentSettings.for_county(case.township.county))
    return document_response(content, f"倒查报告-{case.case_number}.docx", fmt=fmt)


@action_required("case.read")
def notification_download(request: HttpRequest, pk: int, fmt: str = "docx") -> HttpResponse:
    notification = get_scoped_or_404(
        Notification.objects.select_related("case__township__county", "case__victim_resident", "organisation"),
        request.user,
        pk=pk,
    )
    services.notification_downloaded(notification=notification, by=request.user)
    name = f"通报-{notification.case.case_number}-{notification.get_audience_display()}.docx"
    letterhead = DocumentSettings.for_county(notification.case.township.county)
    return document_response(notification_docx(notification, letterhead), name, fmt=fmt)


@require_POST
@action_required("case.write")
def notification_number(request: HttpRequest, pk: int) -> HttpResponse:
    """Give the 通报 its 文号 (once; a numbered one keeps its number)."""
    notification = get_scoped_or_404(Notification.objects.all(), request.user, pk=pk)
    services.notification_number(notification=notification, by=request.user)
    messages.success(request, _("通报文号：%(number)s") % {"number": notification.number})
    return redirect("cases:case_detail", pk=notification.case_id)


@action_required("case.read")
def interview_notice(request: HttpRequest, pk: int, fmt: str = "docx") -> HttpResponse:
    """The 约谈通知 to the unit's or township's responsible head."""
    interview = get_scoped_or_404(
        Interview.objects.select_related("case__township__county", "organisation", "township"), request.user, pk=pk
    )
    letterhead = DocumentSettings.for_county(interview.case.township.county)
    name = f"约谈通知-{interview.case.case_number}.docx"
    return document_response(interview_notice_docx(interview, letterhead), name, fmt=fmt)


@require_POST
@action_required("case.write")
def interview_notice_number(request: HttpRequest, pk: int) -> HttpResponse:
    interview = get_scoped_or_404(Interview.objects.all(), request.user, pk=pk)
    services.interview_notice_number(interview=interview, by=request.user)
    messages.success(request, _("约谈通知文号：%(number)s") % {"number": interview.notice_number})
    return redirect("cases:case_detail", pk=interview.case_id)


@action_required("document.configure")
def document_settings(request: HttpRequest) -> HttpResponse:
    """公文设置: the county's bureau, 文号 prefixes, 印发机关 and 抄送, as its documents print them."""
    counties = County.objects.filter(pk__in=scoped(Township.objects.all(), request.user).values("county_id"))
    counties = counties.order_by("name")
    wanted = id_or_none(request.POST.get("county") or request.GET.get("county"))
    county = (counties.filter(pk=wanted).first() if wanted else None) or counties.first()
    if county is None:
        raise Http404
    current = DocumentSettings.for_county(county)
    initial = {name: getattr(current, name) for name in services.DOCUMENT_SETTING_FIELDS}
    form = DocumentSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.document_settings_update(county=county, by=request.user, **form.cleaned_data)
        except services.CaseInputError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("公文设置已保存"))
            return redirect(f"{request.path}?county={county.pk}")
    return render(
        request,
        "cases/document_settings.html",
        {"form": form, "county": county, "counties": counties, "saved": current.pk is not None},
        status=400 if form.is_bound else 200,
    )


@require_POST
@action_required("case.write")
def notification_sent(request: HttpRequest, pk: int) -> HttpResponse:
    notification = get_scoped_or_404(Notification.objects.all(), request.user, pk=pk)
    form = SentForm(request.POST)
    if form.is_valid():
        try:
            services.notification_mark_sent(
                notification=notification, sent_on=form.cleaned_data["sent_on"], by=request.user
            )
        except services.CaseInputError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("已记录通报送达"))
    else:
        messages.error(request, _("请填写送达日期"))
    return redirect("cases:case_detail", pk=notification.case_id)


@require_POST
@action_required("case.write")
def interview_update(request: HttpRequest, pk: int) -> HttpResponse:
    interview = get_scoped_or_404(Interview.objects.all(), request.user, pk=pk)
    form = InterviewForm(request.POST)
    if form.is_valid():
        try:
            services.interview_update(interview=interview, by=request.user, **form.cleaned_data)
        except services.CaseInputError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("约谈已保存"))
    else:
        messages.error(
            request, _("约谈信息有误：%(e)s") % {"e": "；".join(str(m) for ms in form.errors.values() for m in ms)}
        )
    return redirect("cases:case_detail", pk=interview.case_id)


@require_POST
@action_required("case.write")
@once_per_submission
def action_add(request: HttpRequest, pk: int) -> HttpResponse:
    interview = get_scoped_or_404(Interview.objects.all(), request.user, pk=pk)
    form = ActionForm(request.POST)
    if form.is_valid():
        services.action_add(interview=interview, by=request.user, **form.cleaned_data)
        messages.success(request, _("已添加整改措施"))
    else:
        messages.error(request, _("请填写整改措施"))
    return redirect("cases:case_detail", pk=interview.case_id)


@require_POST
@action_required("case.write")
def action_done(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_scoped_or_404(FollowUpAction.objects.select_related("interview"), request.user, pk=pk)
    form = DoneForm(request.POST)
    if form.is_valid():
        try:
            services.action_complete(action=action, by=request.user, done_on=form.cleaned_data["done_on"])
        except services.CaseInputError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("已记录整改完成"))
    return redirect("cases:case_detail", pk=action.interview.case_id)


@action_required("case.import")
@once_per_submission
def case_import(request: HttpRequest) -> HttpResponse:
    form = CaseImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = job_start(
            kind="cases.import",
            by=request.user,
            task=import_cases_job,
            params={"skip_bad": form.cleaned_data["skip_bad"]},
            upload=form.cleaned_data["file"],
        )
        return job_page(job)
    return render(
        request, "cases/import.html", {"form": form, "columns": COLUMNS}, status=400 if form.is_bound else 200
    )


@action_required("case.import")
def import_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        cases_template(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = "attachment; filename=cases-template.xlsx"
    return response


# --- notice letters ----------------------------------------------------------------------------------


@action_required("letter.read")
def letter_list(request: HttpRequest) -> HttpResponse:
    township = id_or_none(request.GET.get("township"))
    key_group = request.GET.get("key_group", "")
    candidates = selectors.letter_candidates(user=request.user, township=township, key_group=key_group)
    context = {
        "page": paginate(request, candidates, per_page=100),
        "letters": selectors.letters_for(user=request.user)[:50],
        "township": township,
        "key_group": key_group,
        "townships": selectors.townships_for(user=request.user),
        "key_groups": KeyGroup.objects.all(),
        "qs": query_without_page(request),
        "may_issue": can(request.user, "letter.issue"),
        "may_configure": can(request.user, "document.configure"),
    }
    return render(request, "cases/letters.html", context)


@require_POST
@action_required("letter.issue")
@once_per_submission
def letter_issue(request: HttpRequest, pk: int) -> HttpResponse:
    """Issue the unit's letter (a new 文号, or today's letter not yet delivered) and hand over its Word
    file. A POST, never a GET: numbering a letter is a deliberate act, not a side effect of a link."""
    organisation = get_scoped_or_404(Organisation.objects.select_related("township__county"), request.user, pk=pk)
    try:
        letter, content = services.letter_generate(organisation=organisation, by=request.user)
    except NoKeyGroupMembers:
        messages.error(request, services.no_members_message(organisation))
        return redirect("cases:letters")
    return document_response(content, letter_filename(organisation, letter.number))


@action_required("letter.read")
def letter_docx(request: HttpRequest, pk: int, fmt: str = "docx") -> HttpResponse:
    """The Word (or PDF) file of a letter already issued, under its own number: no letter is issued."""
    letter = get_scoped_or_404(
        NoticeLetter.objects.select_related("organisation__township__county"), request.user, pk=pk
    )
    try:
        content = services.letter_document(letter=letter, by=request.user)
    except NoKeyGroupMembers:
        messages.error(request, services.no_members_message(letter.organisation))
        return redirect("cases:letter_detail", pk=letter.pk)
    return document_response(content, letter_filename(letter.organisation, letter.number), fmt=fmt)


@require_POST
@action_required("letter.issue")
@once_per_submission
def letter_batch(request: HttpRequest) -> HttpResponse:
    ids = ids_of(request.POST.getlist("organisation"))
    ids = list(scoped(Organisation.objects.filter(pk__in=ids), request.user).values_list("pk", flat=True))
    if not ids:
        messages.error(request, _("请至少选择一个单位"))
        return redirect("cases:letters")
    job = job_start(
        kind="cases.notice_letters",
        by=request.user,
        task=notice_letters_job,
        params={"organisations": ids},
        total=len(ids),
    )
    return job_page(job)


@action_required("letter.read", post="letter.issue")
def letter_detail(request: HttpRequest, pk: int) -> HttpResponse:
    letter = get_scoped_or_404(
        NoticeLetter.objects.select_related("organisation__township", "delivered_by"), request.user, pk=pk
    )
    form = DeliveryForm(
        request.POST or None,
        initial={
            "delivered_on": letter.delivered_on,
            "acknowledged_on": letter.acknowledged_on,
            "signed_by": letter.signed_by,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.letter_record_delivery(letter=letter, by=request.user, **form.cleaned_data)
        except services.CaseInputError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("已记录送达和签收"))
            return redirect("cases:letter_detail", pk=letter.pk)
    return render(
        request,
        "cases/letter_detail.html",
        {
            "letter": letter,
            "form": form,
            "may_issue": can(request.user, "letter.issue"),
            "pdf_available": pdf_available(),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


# --- history ------------------------------------------------------------------------------------------


@action_required("case.read")
def township_history(request: HttpRequest, pk: int) -> HttpResponse:
    # townships_for is already the user's jurisdiction (including townships of their villages).
    township = selectors.townships_for(user=request.user).filter(pk=pk).first()
    if township is None:
        raise Http404
    history = selectors.township_history(township_id=township.pk, user=request.user)
    return render(
        request,
        "cases/history.html",
        {"place": township, "kind": _("乡镇"), "history": history, "totals": selectors.totals(history.cases)},
    )


@action_required("case.read")
def organisation_history(request: HttpRequest, pk: int) -> HttpResponse:
    """A unit's cases, 通报, 约谈 and letters, as far as the user may see them. A village officer opens
    the unit of a case in her village although the unit itself lies elsewhere (the case list links it)."""
    organisation = (
        scoped(Organisation.objects.select_related("township"), request.user).filter(pk=pk).first()
        or Organisation.objects.select_related("township")
        .filter(pk=pk, pk__in=selectors.cases_for(user=request.user).values("organisation_id"))
        .first()
    )
    if organisation is None:
        raise Http404
    history = selectors.organisation_history(organisation=organisation, user=request.user)
    return render(
        request,
        "cases/history.html",
        {"place": organisation, "kind": _("单位"), "history": history, "totals": selectors.totals(history.cases)},
    )


# --- key groups (重点人群精准宣防) ---------------------------------------------------------------------


@action_required("key_group.read")
def key_group_list(request: HttpRequest) -> HttpResponse:
    township = id_or_none(request.GET.get("township"))
    village = id_or_none(request.GET.get("village"))
    context = {
        "rows": key_groups.key_group_overview(user=request.user, township=township, village=village),
        "township": township,
        "village": village,
        "townships": selectors.townships_for(user=request.user),
        "villages": scoped(Village.objects.select_related("township"), request.user),
        "qs": query_without_page(request),
        "reached_days": key_groups.REACHED_WITHIN_DAYS,
    }
    return render(request, "cases/key_groups.html", context)


@action_required("key_group.read")
def key_group_detail(request: HttpRequest, pk: int) -> HttpResponse:
    group = get_object_or_404(KeyGroup, pk=pk)
    township = id_or_none(request.GET.get("township"))
    village = id_or_none(request.GET.get("village"))
    show = "units" if request.GET.get("show") == "units" else "residents"
    where: dict[str, Any] = {"user": request.user, "group": group, "township": township, "village": village}
    rows: Any = key_groups.key_group_units(**where) if show == "units" else key_groups.key_group_residents(**where)
    params = request.GET.copy()
    params.pop("page", None)
    params.pop("show", None)
    context = {
        "group": group,
        "show": show,
        "page": paginate(request, rows),
        "township": township,
        "village": village,
        "townships": selectors.townships_for(user=request.user),
        "villages": scoped(Village.objects.select_related("township"), request.user),
        "qs": query_without_page(request),
        "filter_qs": params.urlencode(),
        "may_issue": can(request.user, "letter.issue"),
    }
    return render(request, "cases/key_group_detail.html", context)

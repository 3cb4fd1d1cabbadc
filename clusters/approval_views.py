"""Pages of the approval flow: approve, unapprove and withdraw a report, a disaster's approval settings and daily
reporting completeness, and the validation rules kept by provincial staff."""

from datetime import date

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from banten_dinsos.accounts.roles import Perm, has_perm, require_perm
from banten_dinsos.core.formatting import format_number
from banten_dinsos.core.forms import form_add_service_errors, form_response_status

from .approval_selectors import completeness_disaster_get, reporting_completeness, validation_rule_get
from .approval_selectors import validation_rule_list as rule_list
from .forms import _style
from .models import ApprovalLevels, Disaster, RuleSeverity, ValidationRule
from .selectors import disaster_get, field_report_get
from .services import (
    disaster_set_reporting,
    field_report_approve,
    field_report_unapprove,
    field_report_withdraw,
    validation_rule_create,
    validation_rule_update,
    validation_rules_load_defaults,
)


def _errors(request, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


@login_required
@require_POST
def report_approve(request, pk):
    report = field_report_get(user=request.user, pk=pk)
    require_perm(request.user, Perm.FIELDREPORT_APPROVE)
    try:
        field_report_approve(user=request.user, report=report)
    except ValidationError as error:
        _errors(request, error)
        return redirect(report)
    messages.success(request, _("Report #%(id)s was approved and goes to the province.") % {"id": report.pk})
    return redirect("clusters:report-queue")


@login_required
@require_POST
def report_unapprove(request, pk):
    report = field_report_get(user=request.user, pk=pk)
    if not has_perm(request.user, Perm.FIELDREPORT_VERIFY):
        require_perm(request.user, Perm.FIELDREPORT_APPROVE)
    try:
        field_report_unapprove(user=request.user, report=report, reason=request.POST.get("reason", ""))
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("The approval of report #%(id)s was taken back.") % {"id": report.pk})
    return redirect(report)


@login_required
@require_POST
def report_withdraw(request, pk):
    report = field_report_get(user=request.user, pk=pk)
    require_perm(request.user, Perm.FIELDREPORT_CREATE)
    try:
        field_report_withdraw(user=request.user, report=report, reason=request.POST.get("reason", ""))
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("Report #%(id)s was withdrawn; it is a draft again.") % {"id": report.pk})
    return redirect(report)


# ---------------------------------------------------------------------------------------------------------------
# A disaster's approval settings and completeness
# ---------------------------------------------------------------------------------------------------------------
class ReportingSettingsForm(forms.Form):
    approval_levels = forms.TypedChoiceField(
        label=gettext_lazy("Approval levels"), choices=ApprovalLevels.choices, coerce=int
    )
    report_deadline = forms.TimeField(
        label=gettext_lazy("Daily reporting deadline (WIB)"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


@login_required
def disaster_reporting(request, pk):
    require_perm(request.user, Perm.DISASTER_MANAGE)
    disaster = disaster_get(user=request.user, pk=pk)
    form = ReportingSettingsForm(
        request.POST or None,
        initial={"approval_levels": disaster.approval_levels, "report_deadline": disaster.report_deadline},
    )
    if request.method == "POST" and form.is_valid():
        try:
            disaster_set_reporting(user=request.user, disaster=disaster, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The approval settings were saved."))
            return redirect("clusters:disaster-completeness", pk=disaster.pk)
    return render(
        request,
        "clusters/disaster_reporting_form.html",
        {"form": form, "disaster": disaster},
        status=form_response_status(request, form),
    )


class CompletenessDayForm(forms.Form):
    tanggal = forms.DateField(
        label=gettext_lazy("Day"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


def _day(request) -> tuple[CompletenessDayForm, date]:
    form = CompletenessDayForm(request.GET or None)
    day = timezone.localdate()
    if form.is_bound and form.is_valid() and form.cleaned_data["tanggal"]:
        day = form.cleaned_data["tanggal"]
    return form, day


@login_required
def disaster_completeness(request, pk):
    disaster: Disaster = completeness_disaster_get(user=request.user, pk=pk)
    form, day = _day(request)
    table = reporting_completeness(user=request.user, disaster=disaster, day=day)
    return render(
        request,
        "clusters/disaster_completeness.html",
        {
            "disaster": disaster,
            "form": form,
            "day": day,
            "table": table,
            "deadline": disaster.report_deadline.strftime("%H.%M"),
            "can_manage": has_perm(request.user, Perm.DISASTER_MANAGE),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


# ---------------------------------------------------------------------------------------------------------------
# Validation rules
# ---------------------------------------------------------------------------------------------------------------
class ValidationRuleForm(forms.ModelForm):
    severity = forms.ChoiceField(label=gettext_lazy("Severity"), choices=RuleSeverity.choices)

    class Meta:
        model = ValidationRule
        fields = ["code", "name", "expression", "message", "severity", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)
        self.fields["is_active"].widget.attrs["class"] = "form-check-input"


@login_required
def rule_index(request):
    rules = Paginator(rule_list(user=request.user), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "clusters/rule_list.html",
        {"page": rules, "can_manage": has_perm(request.user, Perm.VALIDATION_RULE_MANAGE)},
    )


@login_required
def rule_new(request):
    require_perm(request.user, Perm.VALIDATION_RULE_MANAGE)
    form = ValidationRuleForm(request.POST or None, initial={"severity": RuleSeverity.SOFT, "is_active": True})
    if request.method == "POST" and form.is_valid():
        try:
            rule = validation_rule_create(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Rule “%(name)s” was saved.") % {"name": rule.name})
            return redirect("clusters:rule-list")
    return render(request, "clusters/rule_form.html", {"form": form}, status=form_response_status(request, form))


@login_required
def rule_edit(request, pk):
    require_perm(request.user, Perm.VALIDATION_RULE_MANAGE)
    rule = validation_rule_get(user=request.user, pk=pk)
    form = ValidationRuleForm(request.POST or None, instance=ValidationRule.objects.get(pk=rule.pk))
    if request.method == "POST" and form.is_valid():
        try:
            validation_rule_update(user=request.user, rule=rule, data=form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Rule “%(name)s” was saved.") % {"name": form.cleaned_data["name"]})
            return redirect("clusters:rule-list")
    return render(
        request, "clusters/rule_form.html", {"form": form, "rule": rule}, status=form_response_status(request, form)
    )


@login_required
@require_POST
def rule_load_defaults(request):
    require_perm(request.user, Perm.VALIDATION_RULE_MANAGE)
    added = validation_rules_load_defaults(user=request.user)
    messages.success(request, _("%(count)s default rules were added.") % {"count": format_number(added)})
    return redirect("clusters:rule-list")

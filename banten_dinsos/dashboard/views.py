from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .selectors import home_summary


@login_required
def home(request):
    return render(request, "dashboard/home.html", {"summary": home_summary(user=request.user)})

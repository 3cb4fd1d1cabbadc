from django.contrib import admin

from .models import WorkerHeartbeat


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(admin.ModelAdmin):
    list_display = ("source", "last_seen", "beats")
    readonly_fields = ("source", "last_seen", "beats")

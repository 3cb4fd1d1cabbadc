"""The field app's texts for its scripts: translated on the server, handed to the page as JSON."""

from django.utils.translation import gettext as _


def client_messages() -> dict:
    return {
        "states": {
            "draft": _("Draft"),
            "queued": _("Waiting to be sent"),
            "sent": _("Sent"),
            "refused": _("Refused"),
            "returned": _("Returned by the province"),
        },
        "fieldReport": _("Field report"),
        "headcount": _("Headcount"),
        "ldpSession": _("LDP session"),
        "evacueeMove": _("Evacuee check-out / check-in"),
        "checkOut": _("Check-out"),
        "checkIn": _("Check-in"),
        "choose": _("— choose —"),
        "wholeKecamatan": _("Whole kecamatan"),
        "required": _("This field is required."),
        "savedAt": _("Saved on this phone"),
        "sentAt": _("Sent"),
        "sentNow": _("Sent to the province."),
        "queuedOffline": _("No connection: saved on this phone and sent as soon as there is a connection."),
        "queuedExpired": _("Your session has ended: saved on this phone; sign in again to send it."),
        "refusedTitle": _("The server refused this item. Correct the fields named below and send it again."),
        "returnReason": _("Returned by the province"),
        "outboxEmpty": _("Nothing in the outbox yet."),
        "othersOnPhone": _(
            "%(n)s unsent item(s) of another user are kept on this phone; they are never sent under your name."
        ),
        "otherUserSignedIn": _("Another user was signed in before: their unsent items stay theirs."),
        "referenceRefreshed": _("Reference data refreshed"),
        "referenceFromPhone": _("kept on this phone (no connection now)"),
        "noReference": _("No reference data on this phone yet: open the app once with a connection."),
        "storageFull": _(
            "The phone's storage is full: the last change could not be saved. Free some space (or remove a photo) "
            "before closing this page, otherwise what you typed is lost."
        ),
        "storageLow": _("The phone's storage is almost full: send your items and free some space soon."),
        "signInFirst": _("Sign in once with a connection to use the field app on this phone."),
        "signIn": _("Sign in"),
        "photo": _("Photo"),
        "remove": _("Remove"),
        "notAPhoto": _("That file could not be read as a photo."),
        "noLocation": _("No location recorded (optional)."),
        "locating": _("Finding the location…"),
        "noGps": _("The location is not available; the report can be sent without it."),
        "unsentCount": _("%(n)s item(s) on this phone have not been sent yet."),
        "stillUnsent": _("Some items could not be sent yet. Keep them on this phone or delete them."),
        "confirmDelete": _("Delete every unsent item on this phone? This cannot be undone."),
        "online": _("Online"),
        "offline": _("Offline"),
    }

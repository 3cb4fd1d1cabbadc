from django.conf import settings
from django.utils import translation


class IndonesianFirstLocaleMiddleware:
    """Serve pages in Bahasa Indonesia unless the user chose another language.

    Django's LocaleMiddleware follows the browser's Accept-Language, which on most office machines says
    English; here only an explicit choice (the language cookie set by the switcher) changes the language.
    API clients may still ask for a language with Accept-Language.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.supported and request.path.startswith("/api/"):
            language = translation.get_language_from_request(request)
        if language not in self.supported:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response

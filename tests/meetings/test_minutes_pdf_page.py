"""The minutes-PDF part of the meeting page waits for the PDF by itself: it polls while the PDF is being built and
stops polling, with the download link, once it is there."""

from meetings.services import minutes_pdf_build, minutes_pdf_request


def test_the_minutes_part_polls_while_the_pdf_is_built_and_stops_when_it_is_ready(
    staf, rakor, page_as, django_capture_on_commit_callbacks, private_files
):
    status_url = f"/rapat/{rakor.pk}/notulen/pdf/status/"
    with django_capture_on_commit_callbacks():
        minutes_pdf_request(user=staf, meeting=rakor)
    waiting = page_as(staf).get(status_url)
    assert waiting.status_code == 200
    assert f'hx-get="{status_url}"' in waiting.text and "<progress" in waiting.text
    assert "muat ulang" not in page_as(staf).get(f"/rapat/{rakor.pk}/").text.lower()

    minutes_pdf_build(meeting_id=rakor.pk)
    ready = page_as(staf).get(status_url)
    assert "hx-get" not in ready.text and "<progress" not in ready.text
    assert f"/rapat/{rakor.pk}/notulen.pdf" in ready.text

"""Starting texts of the CAP messages provincial staff write, in Indonesian and English.

Tokens in braces are filled when the message is written: {area} (the chosen kabupaten/kota and kecamatan),
{event}, {place}, {time} and {contact}. The author edits the text freely before sending it for approval.
"""

from .models import CapTemplate

TOKENS = ("area", "event", "place", "time", "contact")

# template: (category, urgency, severity, certainty, {language: (headline, description, instruction)})
CAP_TEMPLATES = {
    CapTemplate.EVACUATION: (
        "Safety",
        "Immediate",
        "Severe",
        "Observed",
        {
            "id": (
                "Perintah evakuasi: {event} di {area}",
                "Karena {event}, warga di {area} diminta segera mengungsi ke {place} mulai {time}.",
                "Bawa dokumen penting, obat-obatan dan pakaian secukupnya. Utamakan anak, lansia, penyandang "
                "disabilitas dan ibu hamil. Ikuti arahan petugas TAGANA dan BPBD. Informasi: {contact}.",
            ),
            "en": (
                "Evacuation notice: {event} in {area}",
                "Because of the {event}, residents of {area} are asked to evacuate to {place} from {time}.",
                "Take identity documents, medicines and some clothes. Help children, older people, people with "
                "disabilities and pregnant women first. Follow TAGANA and BPBD officers. Information: {contact}.",
            ),
        },
    ),
    CapTemplate.SHELTER: (
        "Safety",
        "Expected",
        "Moderate",
        "Observed",
        {
            "id": (
                "Informasi pengungsian: {place} untuk warga {area}",
                "Tempat pengungsian {place} dibuka untuk warga terdampak {event} di {area} mulai {time}. "
                "Tersedia tempat tinggal sementara, dapur umum, air bersih dan layanan dukungan psikososial.",
                "Daftarkan diri dan anggota keluarga di posko dengan membawa KTP atau KK bila ada. "
                "Informasi: {contact}.",
            ),
            "en": (
                "Shelter information: {place} for residents of {area}",
                "The shelter at {place} is open to people affected by the {event} in {area} from {time}. "
                "It offers temporary housing, a public kitchen, clean water and psychosocial support.",
                "Register yourself and your family at the post, with your identity or family card if you have "
                "it. Information: {contact}.",
            ),
        },
    ),
    CapTemplate.AID: (
        "Other",
        "Expected",
        "Minor",
        "Observed",
        {
            "id": (
                "Penyaluran bantuan: {area}",
                "Bantuan bagi warga terdampak {event} di {area} disalurkan di {place} pada {time}.",
                "Bawa KTP atau KK. Bantuan diberikan tanpa biaya apa pun; laporkan pungutan ke {contact}.",
            ),
            "en": (
                "Aid distribution: {area}",
                "Aid for people affected by the {event} in {area} is distributed at {place} on {time}.",
                "Bring your identity or family card. Aid is free of charge; report any fee asked to {contact}.",
            ),
        },
    ),
}


def template_defaults(template: str) -> dict:
    """The CAP fields and the texts (with their tokens) a template starts from."""
    category, urgency, severity, certainty, texts = CAP_TEMPLATES[template]
    initial = {"category": category, "urgency": urgency, "severity": severity, "certainty": certainty}
    for language, (headline, description, instruction) in texts.items():
        initial[f"headline_{language}"] = headline
        initial[f"description_{language}"] = description
        initial[f"instruction_{language}"] = instruction
    return initial


def fill_tokens(text: str, values: dict[str, str]) -> str:
    """Replace the known tokens only (a brace the author typed for another reason stays as it is)."""
    for token in TOKENS:
        text = text.replace("{" + token + "}", values.get(token, ""))
    return text

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY pyproject.toml README.md ./
COPY banten_dinsos banten_dinsos
COPY clusters clusters
COPY shelters shelters
COPY ksb_volunteers ksb_volunteers
COPY pmks_registry pmks_registry
COPY meetings meetings
RUN pip install --no-cache-dir .
COPY . .
RUN useradd --create-home dinsos && mkdir -p var && chown -R dinsos var
USER dinsos
EXPOSE 8000

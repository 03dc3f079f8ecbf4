# playbook-lint in a container, for an auditor's locked-down machine or any CI:
#
#   docker build -t playbook-lint .
#   docker run --rm -v "$PWD:/src" playbook-lint check .
#   docker run --rm -v "$PWD:/src" playbook-lint audit submissions/ --html audit.html
#
# Stage 1 builds the wheel from this checkout; stage 2 installs only that wheel (and its
# runtime dependencies) into a slim Python, and runs it as a user without privileges.

FROM python:3.12-slim AS build
WORKDIR /build
COPY pyproject.toml README.md ./
COPY grammar/ grammar/
COPY lint/ lint/
COPY rulesets/ rulesets/
RUN python -m pip install --no-cache-dir --disable-pip-version-check build \
 && python -m build --wheel --outdir /dist .

FROM python:3.12-slim
LABEL org.opencontainers.image.title="playbook-lint" \
      org.opencontainers.image.description="Static analysis for debt-collection playbooks" \
      org.opencontainers.image.licenses="MIT"
COPY --from=build /dist/ /tmp/dist/
RUN python -m pip install --no-cache-dir --disable-pip-version-check /tmp/dist/*.whl \
 && rm -rf /tmp/dist \
 && useradd --create-home --uid 10001 --shell /usr/sbin/nologin lint
USER lint
# Nothing is cached inside the mounted folder by default in a container run: the cache
# belongs to the user, not to the repository being linted.
ENV PYTHONDONTWRITEBYTECODE=1
WORKDIR /src
ENTRYPOINT ["playbook-lint"]
CMD ["--help"]

# syntax=docker/dockerfile:1
# The image of each app (trainer, promoter, serving), built from the repository root:
#   docker build -f scripts/app.Dockerfile --build-arg APP=trainer --build-arg PORT=8081 .
# docker-compose.yml passes APP, PORT and JAVA_OPTIONS per service.

FROM maven:3.9-eclipse-temurin-17 AS build
ARG APP
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q -pl "${APP}" -am package -DskipTests -Dspring-javaformat.skip=true -Djacoco.skip=true \
    && cp "${APP}/target/${APP}-"*.jar /src/app.jar

FROM eclipse-temurin:17-jre
ARG PORT
ARG JAVA_OPTIONS="-XX:MaxRAMPercentage=75"
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /app --create-home app
WORKDIR /app
COPY --from=build /src/app.jar /app/app.jar
USER app
ENV SERVER_PORT=${PORT} \
    WEKA_HOME=/app/wekafiles \
    JAVA_TOOL_OPTIONS="${JAVA_OPTIONS} -Djava.awt.headless=true"
EXPOSE ${PORT}
HEALTHCHECK --interval=10s --timeout=5s --start-period=40s --retries=12 \
    CMD curl -fsS "http://localhost:${SERVER_PORT}/actuator/health/liveness" || exit 1
ENTRYPOINT ["java", "-jar", "/app/app.jar"]

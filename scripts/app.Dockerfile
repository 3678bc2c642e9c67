# The image of each app (trainer, promoter, serving), built from the repository root:
#   docker build -f scripts/app.Dockerfile --build-arg APP=trainer --build-arg PORT=8081 .
# docker-compose.yml passes APP, PORT and JAVA_OPTIONS per service. The context holds only
# the POMs and sources (scripts/app.Dockerfile.dockerignore); layers go from what changes
# least to what changes most, so a change in serving/ rebuilds only the serving image.

FROM maven:3.9-eclipse-temurin-17 AS build
ARG APP
WORKDIR /src
# 1. dependencies and plugins, resolved from the POMs alone (empty modules are packaged once)
COPY pom.xml ./
COPY kafka-config/pom.xml kafka-config/
COPY mlflow/pom.xml mlflow/
COPY trainer/pom.xml trainer/
COPY promoter/pom.xml promoter/
COPY serving/pom.xml serving/
COPY e2e/pom.xml e2e/
RUN mvn -B -q -Dmaven.repo.local=/m2 -pl "${APP}" -am package -DskipTests -Dspring-javaformat.skip=true \
        -Djacoco.skip=true -Dspring-boot.repackage.skip=true \
    && rm -rf */target
# 2. the libraries every app builds on, then the app's own sources
COPY kafka-config/src kafka-config/src
COPY mlflow/src mlflow/src
COPY ${APP}/src ${APP}/src
RUN mvn -B -q -Dmaven.repo.local=/m2 -pl "${APP}" -am package -DskipTests -Dspring-javaformat.skip=true \
        -Djacoco.skip=true \
    && cp "${APP}/target/${APP}-"*.jar /src/app.jar

FROM eclipse-temurin:17-jre
ARG PORT
ARG JAVA_OPTIONS="-XX:MaxRAMPercentage=75"
# the JRE image already ships curl, which the healthcheck uses
RUN useradd --system --uid 10001 --home-dir /app --create-home app
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

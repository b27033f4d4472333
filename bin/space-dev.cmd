@echo off
rem Launches space-dev on Windows from the jar: a checkout's target\, or a release's lib\.
setlocal
set "HERE=%~dp0.."
set "JAR=%HERE%\target\space-dev.jar"
if not exist "%JAR%" set "JAR=%HERE%\lib\space-dev.jar"
if not exist "%JAR%" (
    echo space-dev: space-dev.jar is missing; build it first with: mvnw.cmd -q -B package -DskipTests 1>&2
    exit /b 1
)
if defined JAVA_HOME (set "JAVA=%JAVA_HOME%\bin\java.exe") else (set "JAVA=java")
rem SPACE_DEV_JAVA_OPTS: extra JVM options (heap, GC) for those who want them
"%JAVA%" -XX:+UseSerialGC %SPACE_DEV_JAVA_OPTS% -jar "%JAR%" %*
exit /b %ERRORLEVEL%

@echo off
rem bin\backgroundtask.cmd: the Windows form of bin/backgroundtask (README.md, "bin/backgroundtask").
rem Runs launcher.jar with -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xms16m -Xlog:disable and a class archive
rem (AppCDS on JDK 17..24, the AOT cache on JDK 25+) in %LOCALAPPDATA%\backgroundtasks, passing every
rem argument and the exit code through. The JVM: %BACKGROUNDTASKS_JAVA%, else %JAVA_HOME%\bin\java.exe,
rem else java on PATH. cmd has no hash: the archive is named by the JDK's feature version and
rem launcher.jar's size, and its .key file (java.home, java.vm.version, launcher.jar's size and time,
rem the installation) must match exactly, or the run goes without it and a training run replaces it.
setlocal EnableExtensions DisableDelayedExpansion
for %%I in ("%~dp0..") do set "BT_INSTALL=%%~fI"
set "BT_JAR=%BT_INSTALL%\launcher.jar"
if defined BACKGROUNDTASKS_JAVA (set "BT_JAVA=%BACKGROUNDTASKS_JAVA%") else if defined JAVA_HOME (set "BT_JAVA=%JAVA_HOME%\bin\java.exe") else (set "BT_JAVA=java.exe")
set "BT_FLAGS=-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xms16m -Xlog:disable"
if defined BACKGROUNDTASKS_TRAINING_RUN_INTERNAL goto train
set "BT_OPTION="
if /i "%BACKGROUNDTASKS_CLASS_ARCHIVE%"=="off" goto run
if not defined LOCALAPPDATA goto run

rem java.home (the folder above bin\java.exe) and its release file
set "BT_EXE=%BT_JAVA%"
if /i "%BT_JAVA%"=="java.exe" for %%J in (java.exe) do set "BT_EXE=%%~$PATH:J"
if not defined BT_EXE goto run
for %%J in ("%BT_EXE%") do for %%H in ("%%~dpJ..") do set "BT_HOME=%%~fH"
if not exist "%BT_HOME%\release" goto run
set "BT_VERSION=" & set "BT_VM_VERSION="
for /f "usebackq tokens=1,* delims==" %%A in ("%BT_HOME%\release") do (
    if "%%A"=="JAVA_VERSION" set "BT_VERSION=%%~B"
    if "%%A"=="JAVA_RUNTIME_VERSION" set "BT_VM_VERSION=%%~B"
)
set "BT_FEATURE=0"
for /f "tokens=1 delims=.+-" %%V in ("%BT_VERSION%") do set /a "BT_FEATURE=%%V" 2>nul
if %BT_FEATURE% LSS 17 goto run
set "BT_SUFFIX=jsa"
if %BT_FEATURE% GEQ 25 set "BT_SUFFIX=aot"
for %%F in ("%BT_JAR%") do (set "BT_SIZE=%%~zF" & set "BT_TIME=%%~tF")
set "BT_CACHE=%LOCALAPPDATA%\backgroundtasks"
if exist "%BT_CACHE%\" goto cached
mkdir "%BT_CACHE%" 2>nul || goto run
:cached
set "BT_NAME=%BT_CACHE%\launcher-%BT_FEATURE%-%BT_SIZE%"
rem "?" separates the parts: no Windows path holds it, and unlike "|" echo writes it as it is
set "BT_KEY=v1?%BT_HOME%?%BT_VM_VERSION%?%BT_SIZE%?%BT_TIME%?%BT_INSTALL%"
set "BT_STORED="
if exist "%BT_NAME%.key" set /p BT_STORED=<"%BT_NAME%.key"
rem the .key file ends with the archive's size: a damaged (truncated) archive is never mapped
set "BT_ASIZE="
if exist "%BT_NAME%.%BT_SUFFIX%" for %%A in ("%BT_NAME%.%BT_SUFFIX%") do set "BT_ASIZE=%%~zA"
if defined BT_ASIZE if "%BT_STORED%"=="%BT_KEY%?%BT_ASIZE%" goto use
set "BT_FAILED="
if exist "%BT_NAME%.failed" set /p BT_FAILED=<"%BT_NAME%.failed"
if "%BT_FAILED%"=="%BT_KEY%" goto run
set "BACKGROUNDTASKS_TRAINING_RUN_INTERNAL=1"
start "" /b /low cmd /d /c call "%~f0" <nul >nul 2>&1
set "BACKGROUNDTASKS_TRAINING_RUN_INTERNAL="
goto run

rem no parenthesised blocks below: a ")" in a path or an argument would end one
:use
set "BT_OPTION=-XX:SharedArchiveFile=%BT_NAME%.jsa"
if "%BT_SUFFIX%"=="aot" set "BT_OPTION=-XX:AOTCache=%BT_NAME%.aot"

:run
if not defined BT_OPTION goto plain
"%BT_JAVA%" %BT_FLAGS% "%BT_OPTION%" -jar "%BT_JAR%" %*
exit /b %ERRORLEVEL%
:plain
"%BT_JAVA%" %BT_FLAGS% -jar "%BT_JAR%" %*
exit /b %ERRORLEVEL%

:train
rem one training at a time: mkdir is atomic
mkdir "%BT_NAME%.lock" 2>nul || exit /b 0
set "BT_WORK=%BT_NAME%.training"
rmdir /s /q "%BT_WORK%" 2>nul
mkdir "%BT_WORK%\tmp" || goto trained
set "BT_OUTPUT=-XX:ArchiveClassesAtExit=%BT_WORK%\archive"
if "%BT_SUFFIX%"=="aot" set "BT_OUTPUT=-XX:AOTCacheOutput=%BT_WORK%\archive"
set "BACKGROUNDTASKS_TRAINING_RUN_INTERNAL="
set "BACKGROUNDTASKS_TESTING_DIR=%BT_INSTALL%\testing\backgroundtasks"
set "BACKGROUNDTASKS_DATA_DIR=%BT_WORK%\data"
set "BACKGROUNDTASKS_RUNTIME_DIR=%BT_WORK%\runtime"
set "TMP=%BT_WORK%\tmp" & set "TEMP=%BT_WORK%\tmp"
"%BT_JAVA%" %BT_FLAGS% "%BT_OUTPUT%" -jar "%BT_JAR%" --backgroundtask no_output --pref toolkit.backgroundtasks.defaultMinTaskRuntimeMS=0
if errorlevel 1 goto trainfailed
if not exist "%BT_WORK%\archive" goto trained
rem a damaged archive can crash the JVM that maps it: the new one first carries one real run
set "BT_CHECK=-XX:SharedArchiveFile=%BT_WORK%\archive"
if "%BT_SUFFIX%"=="aot" set "BT_CHECK=-XX:AOTCache=%BT_WORK%\archive"
"%BT_JAVA%" %BT_FLAGS% "%BT_CHECK%" -jar "%BT_JAR%" --version || goto trainfailed
for %%A in ("%BT_WORK%\archive") do set "BT_ASIZE=%%~zA"
> "%BT_WORK%\key" echo %BT_KEY%?%BT_ASIZE%
move /y "%BT_WORK%\key" "%BT_NAME%.key" >nul && move /y "%BT_WORK%\archive" "%BT_NAME%.%BT_SUFFIX%" >nul
:trained
rmdir /s /q "%BT_WORK%" 2>nul
rmdir "%BT_NAME%.lock" 2>nul
exit /b 0
:trainfailed
> "%BT_NAME%.failed" echo %BT_KEY%
goto trained

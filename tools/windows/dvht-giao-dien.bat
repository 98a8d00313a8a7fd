@echo off
rem dvht giao-dien: opens the office web app in the browser. Keep this file in the folder holding dvht.toml.
rem Closing the black window stops the app.
cd /d "%~dp0"
python -m dvht_batch giao-dien --config dvht.toml --out ket-qua --vao du_lieu
if errorlevel 1 pause

# A module folder without PgNoManifest.psd1.
Set-StrictMode -Version 3.0

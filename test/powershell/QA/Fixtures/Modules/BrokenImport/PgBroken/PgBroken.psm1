Set-StrictMode -Version 3.0

. (Join-Path -Path (Join-Path -Path $PSScriptRoot -ChildPath 'Public') -ChildPath 'Get-PgGizmo.ps1')

throw 'PgBroken cannot be imported (fixture)'

. (Join-Path -Path (Join-Path -Path $PSScriptRoot -ChildPath 'Public') -ChildPath 'Get-PgLost.ps1')

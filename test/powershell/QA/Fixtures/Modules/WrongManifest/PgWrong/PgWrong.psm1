. (Join-Path -Path (Join-Path -Path $PSScriptRoot -ChildPath 'Public') -ChildPath 'Get-PgRight.ps1')

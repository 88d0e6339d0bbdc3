<#
.SYNOPSIS
    The PgCluster demo on Windows: a primary and a synchronous standby on this machine.
.EXAMPLE
    scripts\demo.ps1
#>
[CmdletBinding()]
param()
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'lib.ps1')
Initialize-PgClusterWorkspace
& node dist/scripts/demo.js
exit $LASTEXITCODE

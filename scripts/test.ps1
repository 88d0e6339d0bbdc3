<#
.SYNOPSIS
    Runs the PgCluster test suite on Windows (lint, unit tests, integration tests on real PostgreSQL).
.DESCRIPTION
    Installs npm dependencies, builds, finds PostgreSQL (PG_BIN, pg_config, or
    C:\Program Files\PostgreSQL\<major>\bin) and runs the same suites as scripts/test.
.EXAMPLE
    scripts\test.ps1
#>
[CmdletBinding()]
param(
    [ValidateSet('lint', 'unit', 'integration')]
    [string[]] $Part = @('lint', 'unit', 'integration')
)
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'lib.ps1')
Initialize-PgClusterWorkspace

$failed = $false
foreach ($p in $Part) {
    switch ($p) {
        'lint' {
            & npx --no-install eslint .
            if ($LASTEXITCODE -ne 0) { $failed = $true }
            & npx --no-install prettier --check . --log-level warn
            if ($LASTEXITCODE -ne 0) { $failed = $true }
        }
        'unit' {
            & node --test --test-concurrency=2 dist/test/unit/
            if ($LASTEXITCODE -ne 0) { $failed = $true }
        }
        'integration' {
            & node --test --test-concurrency=2 dist/test/integration/
            if ($LASTEXITCODE -ne 0) { $failed = $true }
        }
    }
}
if ($failed) { exit 1 }

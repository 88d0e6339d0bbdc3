<#
.SYNOPSIS
    Shared set-up for scripts\demo.ps1 and scripts\test.ps1 (dot-sourced).
#>

function Find-PgBinDirectory {
    [CmdletBinding()]
    [OutputType([string])]
    param()
    if ($env:PG_BIN -and (Test-Path (Join-Path $env:PG_BIN 'pg_ctl.exe'))) { return $env:PG_BIN }
    $pgConfig = Get-Command 'pg_config.exe' -ErrorAction SilentlyContinue
    if ($pgConfig) {
        $dir = (& $pgConfig.Source --bindir).Trim()
        if (Test-Path (Join-Path $dir 'initdb.exe')) { return $dir }
    }
    $root = Join-Path $env:ProgramFiles 'PostgreSQL'
    if (Test-Path $root) {
        $majors = Get-ChildItem $root -Directory |
            Where-Object { $_.Name -match '^\d+$' } |
            Sort-Object { [int]$_.Name } -Descending
        foreach ($m in $majors) {
            $dir = Join-Path $m.FullName 'bin'
            if (Test-Path (Join-Path $dir 'initdb.exe')) { return $dir }
        }
    }
    return $null
}

function Initialize-PgClusterWorkspace {
    [CmdletBinding()]
    param()
    $home = Split-Path $PSScriptRoot -Parent
    Set-Location $home
    if (-not (Get-Command node -ErrorAction SilentlyContinue)) {
        throw 'Node.js 20.19 or newer is required: install it from nodejs.org (or winget install OpenJS.NodeJS.LTS), then re-run.'
    }
    $lock = Join-Path $home 'package-lock.json'
    $stamp = Join-Path $home 'node_modules\.pgcluster-installed-lock'
    if (-not (Test-Path $stamp) -or ((Get-FileHash $lock).Hash -ne (Get-FileHash $stamp).Hash)) {
        & npm ci --no-audit --no-fund --loglevel=error
        if ($LASTEXITCODE -ne 0) { throw 'npm ci failed' }
        Copy-Item $lock $stamp
    }
    if (Test-Path (Join-Path $home 'dist')) { Remove-Item -Recurse -Force (Join-Path $home 'dist') }
    & npx --no-install tsc -p tsconfig.json
    if ($LASTEXITCODE -ne 0) { throw 'build failed' }
    $bin = Find-PgBinDirectory
    if (-not $bin) {
        throw 'No PostgreSQL server programs found. Install PostgreSQL 13 or newer (winget install PostgreSQL.PostgreSQL.17) or set PG_BIN to its bin folder.'
    }
    $env:PG_BIN = $bin
    Write-Host "using PostgreSQL from $bin"
}

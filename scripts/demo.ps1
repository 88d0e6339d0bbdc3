<#
.SYNOPSIS
    The PgCluster demo on Windows: a primary and a synchronous standby on this machine, each under
    its Mirroring Controller, with a switch, the rebuild of the old primary and the failback.
.DESCRIPTION
    The same steps as scripts/demo on Linux (the manual's Appendix B layout: two servers on one
    host, --local-server on every call). Everything lives in a temporary folder removed at the end.
.EXAMPLE
    scripts\demo.ps1
#>
[CmdletBinding()]
param()
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'lib.ps1')
Initialize-PgClusterWorkspace

$demo = Join-Path ([System.IO.Path]::GetTempPath()) ("pgcluster-demo-" + [guid]::NewGuid().ToString('N').Substring(0, 8))
$mc = Join-Path $demo 'mcdir'
New-Item -ItemType Directory -Path $mc -Force | Out-Null
$pass = [guid]::NewGuid().ToString('N')
$admin = $env:USERNAME
$env:PGPASSFILE = Join-Path $demo 'pgpass.conf'
$mcCtl = Join-Path (Split-Path $PSScriptRoot -Parent) 'bin\mc_ctl.js'
$p1 = 25432
$p2 = 25433

function Invoke-McCtl {
    param([Parameter(ValueFromRemainingArguments)] [string[]] $Arguments)
    Write-Host ('> mc_ctl ' + (($Arguments | ForEach-Object { if ($_ -eq $pass) { '********' } else { $_ } }) -join ' ')) -ForegroundColor Cyan
    & node $mcCtl @Arguments
    if ($LASTEXITCODE -ne 0) { throw "mc_ctl $($Arguments[0]) failed with exit code $LASTEXITCODE" }
}

# mc_ctl status exits with the pair's health (0 healthy and switchable, 1 degraded, 3 no answer).
function Show-McStatus {
    param([int] $Expected, [string] $Server)
    Write-Host "> mc_ctl status -M $mc --local-server $Server" -ForegroundColor Cyan
    & node $mcCtl status -M $mc --local-server $Server
    if ($LASTEXITCODE -ne $Expected) { throw "mc_ctl status exited $LASTEXITCODE, not $Expected" }
}

function Invoke-Sql {
    param([int] $Port, [string] $Sql)
    & (Join-Path $env:PG_BIN 'psql.exe') -X -q -h 127.0.0.1 -p $Port -U $admin -d postgres -v ON_ERROR_STOP=1 -c $Sql
    if ($LASTEXITCODE -ne 0) { throw "psql failed on port $Port" }
}

function Wait-Switchable {
    param([string] $Server)
    foreach ($i in 1..50) {
        & node $mcCtl status -M $mc --local-server $Server | Out-Null
        if ($LASTEXITCODE -eq 0) { return }
        Start-Sleep -Milliseconds 200
    }
}

try {
    Write-Host '=== 1. The primary instance' -ForegroundColor White
    Set-Content -Path (Join-Path $demo 'pwfile') -Value $pass -Encoding ASCII
    Set-Content -Path $env:PGPASSFILE -Value "*:*:*:${admin}:$pass" -Encoding ASCII
    & (Join-Path $env:PG_BIN 'initdb.exe') -D (Join-Path $demo 'server1') -U $admin --pwfile=(Join-Path $demo 'pwfile') --auth=scram-sha-256 -E UTF8 --no-locale | Out-Null
    Add-Content -Path (Join-Path $demo 'server1\postgresql.conf') -Encoding ASCII -Value @(
        "port = $p1",
        "listen_addresses = '127.0.0.1'",
        "synchronous_standby_names = 'server2'",
        "wal_sender_timeout = '3600ms'",
        "wal_receiver_status_interval = '1s'"
    )
    Set-Content -Path (Join-Path $demo 'server1\pg_hba.conf') -Encoding ASCII -Value @(
        'host all all 127.0.0.1/32 scram-sha-256',
        'host replication all 127.0.0.1/32 scram-sha-256'
    )

    Write-Host '=== 2. The Mirroring Controller management directory' -ForegroundColor White
    Set-Content -Path (Join-Path $mc 'network.conf') -Encoding ASCII -Value @('server1 127.0.0.1 26540', 'server2 127.0.0.1 26541')
    foreach ($s in 'server1', 'server2') {
        $dataDir = (Join-Path $demo $s).Replace('\', '\\')
        Set-Content -Path (Join-Path $mc "$s.conf") -Encoding ASCII -Value @(
            "db_instance = '$dataDir'",
            "db_instance_service_name = 'pgcluster-demo-$s'",
            "db_instance_password = '$pass'",
            "event_source = 'MirroringControllerOpen_$s'"
        )
    }
    Invoke-McCtl genkey -M $mc

    Write-Host '=== 3. Start the primary, build the standby, start it' -ForegroundColor White
    Invoke-McCtl start -M $mc --local-server server1 -w -f
    Invoke-McCtl setup -M $mc --local-server server2 -r standby -h 127.0.0.1 -p $p1 -U $admin -P $pass "--instance-port=$p2"
    Invoke-McCtl start -M $mc --local-server server2 -w -f
    Wait-Switchable -Server server1
    Show-McStatus -Expected 0 -Server server1

    Write-Host '=== 4. Commit, then switch' -ForegroundColor White
    Invoke-Sql -Port $p1 -Sql "CREATE TABLE orders (id int PRIMARY KEY, note text); INSERT INTO orders SELECT g, 'before switch' FROM generate_series(1, 1000) g"
    Invoke-McCtl switch -M $mc --local-server server1
    Show-McStatus -Expected 1 -Server server2
    Invoke-Sql -Port $p2 -Sql 'SELECT count(*) AS rows_on_new_primary FROM orders'

    Write-Host '=== 5. Rebuild the old primary as the new standby' -ForegroundColor White
    Invoke-McCtl stop -M $mc --local-server server1
    Invoke-McCtl setup -M $mc --local-server server1 -r standby -h 127.0.0.1 -p $p2 -U $admin -P $pass '--standby-name=server1'
    Invoke-McCtl start -M $mc --local-server server1 -w -f
    Wait-Switchable -Server server2
    Show-McStatus -Expected 0 -Server server2

    Write-Host '=== 6. Stop both servers' -ForegroundColor White
    Invoke-McCtl stop -M $mc --local-server server2 -a
}
finally {
    foreach ($s in 'server2', 'server1') { & node $mcCtl stop -M $mc --local-server $s 2>$null | Out-Null }
    Remove-Item -Recurse -Force $demo -ErrorAction SilentlyContinue
}

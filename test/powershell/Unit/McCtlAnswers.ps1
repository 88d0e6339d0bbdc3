# Canned mc_ctl --json answers for the tests of the cmdlets that shell out to mc_ctl.
# Dot-sourced in BeforeAll, so the functions are visible to the tests of that file.

# An mc_ctl status --json answer; -LocalController stopped gives the "files only" answer.
function New-TestStatus {
    param (
        [string]$LocalController = 'running',
        [bool]$Failover = $true,
        [string]$Primary = 'server1'
    )
    $standby = 'server2'
    if ($Primary -eq 'server2') {
        $standby = 'server1'
    }
    $answeredBy = 'server1'
    $peer = 'running'
    if ($LocalController -eq 'stopped') {
        $answeredBy = 'server1 (files only)'
        $peer = 'unreachable'
    }
    $json = @"
{ "ok": true, "status": { "mirroring": "switchable", "failoverEnabled": $($Failover.ToString().ToLowerInvariant()), "detectionWindowMs": 9000,
  "servers": [
{ "serverId": "$Primary", "hostRole": "primary", "host": "192.0.2.1", "hostStatus": "normal", "dbProcStatus": "normal", "diskStatus": "normal" },
{ "serverId": "$standby", "hostRole": "standby", "host": "192.0.2.2", "hostStatus": "normal", "dbProcStatus": "normal", "diskStatus": "normal" } ],
  "answeredBy": "$answeredBy", "controllers": { "server1": "$LocalController", "server2": "$peer" } } }
"@
    return ($json | ConvertFrom-Json)
}

function New-TestError {
    param ([string]$Code)
    return [System.Management.Automation.ErrorRecord]::new(
        [System.InvalidOperationException]::new("mc_ctl failed with $Code"), "PgCluster.$Code",
        [System.Management.Automation.ErrorCategory]::InvalidOperation, $null)
}

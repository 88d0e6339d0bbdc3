BeforeAll {
    $root = "$PSScriptRoot/../../../../ps-module/PgCluster"
    if (Test-Path -LiteralPath "$root/PgCluster.psd1") {
        Import-Module "$root/PgCluster.psd1" -Force
    }
    else {
        Import-Module "$root/PgCluster.psm1" -Force
    }

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
}

Describe 'Disable-PgMirroringFailover' {
    BeforeEach {
        $script:dir = Join-Path -Path $TestDrive -ChildPath 'mc'
        $script:status = New-TestStatus -Failover $true
        Mock -ModuleName PgCluster Invoke-PgNodeTool { $script:status } -ParameterFilter { $ArgumentList[0] -eq 'status' }
        Mock -ModuleName PgCluster Invoke-PgNodeTool { [pscustomobject]@{ ok = $true; failoverEnabled = $false } } -ParameterFilter { $ArgumentList[0] -eq 'disable-failover' }
    }

    It 'runs mc_ctl disable-failover' {
        Disable-PgMirroringFailover -ConfigPath $script:dir -LocalServer 'server1' -Force
        Should -Invoke -ModuleName PgCluster Invoke-PgNodeTool -Exactly -Times 1 -Scope It -ParameterFilter {
            $Tool -eq 'mc_ctl' -and ($ArgumentList -join '|') -eq "disable-failover|-M|$($script:dir)|--local-server|server1"
        }
    }

    It 'changes nothing with -WhatIf' {
        Disable-PgMirroringFailover -ConfigPath $script:dir -WhatIf
        Should -Invoke -ModuleName PgCluster Invoke-PgNodeTool -Exactly -Times 0 -Scope It -ParameterFilter { $ArgumentList[0] -eq 'disable-failover' }
    }

    It 'changes nothing when failover already is in that state' {
        $script:status = New-TestStatus -Failover $false
        Disable-PgMirroringFailover -ConfigPath $script:dir -Force
        Should -Invoke -ModuleName PgCluster Invoke-PgNodeTool -Exactly -Times 0 -Scope It -ParameterFilter { $ArgumentList[0] -eq 'disable-failover' }
    }

    It 'raises the mc_ctl error code as PgCluster.CODE' {
        Mock -ModuleName PgCluster Invoke-PgNodeTool { throw (New-TestError -Code 'CONTROLLER_NOT_RUNNING') } -ParameterFilter { $ArgumentList[0] -eq 'disable-failover' }
        { Disable-PgMirroringFailover -ConfigPath $script:dir -Force -ErrorAction Stop } | Should -Throw -ErrorId 'PgCluster.CONTROLLER_NOT_RUNNING*'
    }

    It 'returns PgCluster.MirroringStatus objects with -PassThru' {
        $rows = @(Disable-PgMirroringFailover -ConfigPath $script:dir -Force -PassThru)
        $rows.Count | Should -Be 2
        $rows[0].PSObject.TypeNames[0] | Should -Be 'PgCluster.MirroringStatus'
    }

    It 'takes the directory from the pipeline by property name (McDirectory)' {
        [pscustomobject]@{ McDirectory = $script:dir } | Disable-PgMirroringFailover -Force
        Should -Invoke -ModuleName PgCluster Invoke-PgNodeTool -Exactly -Times 1 -Scope It -ParameterFilter {
            ($ArgumentList -join '|') -eq "disable-failover|-M|$($script:dir)"
        }
    }
}

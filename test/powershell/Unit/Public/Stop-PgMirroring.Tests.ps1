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

Describe 'Stop-PgMirroring' {
    BeforeEach {
        $script:dir = Join-Path -Path $TestDrive -ChildPath 'mc'
        $script:status = New-TestStatus -LocalController 'running'
        Mock -ModuleName PgCluster Invoke-PgNodeTool { $script:status } -ParameterFilter { $ArgumentList[0] -eq 'status' }
        Mock -ModuleName PgCluster Invoke-PgNodeTool { [pscustomobject]@{ ok = $true; stopped = @('server1') } } -ParameterFilter { $ArgumentList[0] -eq 'stop' }
    }

    It 'runs mc_ctl stop -a for -All' {
        Stop-PgMirroring -ConfigPath $script:dir -All -Force
        Should -Invoke -ModuleName PgCluster Invoke-PgNodeTool -Exactly -Times 1 -Scope It -ParameterFilter {
            $Tool -eq 'mc_ctl' -and ($ArgumentList -join '|') -eq "stop|-M|$($script:dir)|-a"
        }
    }

    It 'runs mc_ctl stop -e for -Immediate' {
        Stop-PgMirroring -ConfigPath $script:dir -LocalServer 'server1' -Immediate -Force
        Should -Invoke -ModuleName PgCluster Invoke-PgNodeTool -Exactly -Times 1 -Scope It -ParameterFilter {
            ($ArgumentList -join '|') -eq "stop|-M|$($script:dir)|--local-server|server1|-e"
        }
    }

    It 'runs mc_ctl stop --mc-only for -ControllerOnly' {
        Stop-PgMirroring -ConfigPath $script:dir -ControllerOnly -Force
        Should -Invoke -ModuleName PgCluster Invoke-PgNodeTool -Exactly -Times 1 -Scope It -ParameterFilter {
            ($ArgumentList -join '|') -eq "stop|-M|$($script:dir)|--mc-only"
        }
    }

    It 'does not accept -Immediate with -All' {
        { Stop-PgMirroring -ConfigPath $script:dir -Immediate -All -Force } | Should -Throw -ErrorId 'AmbiguousParameterSet*'
    }

    It 'stops nothing with -WhatIf' {
        Stop-PgMirroring -ConfigPath $script:dir -WhatIf
        Should -Invoke -ModuleName PgCluster Invoke-PgNodeTool -Exactly -Times 0 -Scope It -ParameterFilter { $ArgumentList[0] -eq 'stop' }
    }

    It 'asks for confirmation (High impact) unless told not to' {
        $meta = [System.Management.Automation.CommandMetadata]::new((Get-Command -Name Stop-PgMirroring))
        $meta.ConfirmImpact | Should -Be 'High'
    }

    It 'does nothing for -ControllerOnly when the controller already is stopped' {
        $script:status = New-TestStatus -LocalController 'stopped'
        Stop-PgMirroring -ConfigPath $script:dir -ControllerOnly -Force
        Stop-PgMirroring -ConfigPath $script:dir -Immediate -Force
        Should -Invoke -ModuleName PgCluster Invoke-PgNodeTool -Exactly -Times 0 -Scope It -ParameterFilter { $ArgumentList[0] -eq 'stop' }
    }

    It 'raises the mc_ctl error code as PgCluster.CODE' {
        Mock -ModuleName PgCluster Invoke-PgNodeTool { throw (New-TestError -Code 'STOP_TIMEOUT') } -ParameterFilter { $ArgumentList[0] -eq 'stop' }
        { Stop-PgMirroring -ConfigPath $script:dir -Force -ErrorAction Stop } | Should -Throw -ErrorId 'PgCluster.STOP_TIMEOUT*'
    }

    It 'returns PgCluster.MirroringStatus objects with -PassThru' {
        $rows = @(Stop-PgMirroring -ConfigPath $script:dir -Force -PassThru)
        $rows.Count | Should -Be 2
        $rows[1].PSObject.TypeNames[0] | Should -Be 'PgCluster.MirroringStatus'
    }

    It 'takes the directory from the pipeline by property name (ConfigPath)' {
        [pscustomobject]@{ ConfigPath = $script:dir } | Stop-PgMirroring -Force
        Should -Invoke -ModuleName PgCluster Invoke-PgNodeTool -Exactly -Times 1 -Scope It -ParameterFilter {
            ($ArgumentList -join '|') -eq "stop|-M|$($script:dir)"
        }
    }
}

BeforeAll {
    $root = "$PSScriptRoot/../../../../ps-module/PgCluster"
    if (Test-Path -LiteralPath "$root/PgCluster.psd1") {
        Import-Module "$root/PgCluster.psd1" -Force
    }
    else {
        Import-Module "$root/PgCluster.psm1" -Force
    }
    $script:answer = @'
{
  "ok": true,
  "status": {
    "mirroring": "switchable",
    "failoverEnabled": true,
    "detectionWindowMs": 9000,
    "servers": [
      { "serverId": "server1", "hostRole": "primary", "host": "192.0.2.1", "hostStatus": "normal", "dbProcStatus": "normal", "diskStatus": "normal" },
      { "serverId": "server2", "hostRole": "standby", "host": "192.0.2.2", "hostStatus": "normal", "dbProcStatus": "normal", "diskStatus": "normal" }
    ],
    "lastError": { "at": "2024-05-01T10:00:00.000Z", "server": "server2", "resource": "disk", "detail": "D:\\pgdata not writable", "action": "disconnect" },
    "answeredBy": "server1",
    "controllers": { "server1": "running", "server2": "unreachable" }
  }
}
'@ | ConvertFrom-Json
}

Describe 'Get-PgMirroringStatus' {
    BeforeEach {
        Mock -ModuleName PgCluster Invoke-PgNodeTool { $script:answer }
        $script:dir = Join-Path -Path $TestDrive -ChildPath 'mc'
    }

    It 'runs mc_ctl status -M with the absolute directory and --local-server' {
        $null = Get-PgMirroringStatus -ConfigPath $script:dir -LocalServer 'server1'
        Should -Invoke -ModuleName PgCluster Invoke-PgNodeTool -Exactly -Times 1 -Scope It -ParameterFilter {
            $Tool -eq 'mc_ctl' -and ($ArgumentList -join '|') -eq "status|-M|$($script:dir)|--local-server|server1"
        }
    }

    It 'resolves a relative directory against the PowerShell location' {
        Push-Location -LiteralPath $TestDrive
        try {
            $null = Get-PgMirroringStatus -ConfigPath 'mc'
        }
        finally {
            Pop-Location
        }
        Should -Invoke -ModuleName PgCluster Invoke-PgNodeTool -Exactly -Times 1 -Scope It -ParameterFilter {
            $ArgumentList[2] -eq (Join-Path -Path $TestDrive -ChildPath 'mc')
        }
    }

    It 'returns one PgCluster.MirroringStatus object per server' {
        $rows = @(Get-PgMirroringStatus -ConfigPath $script:dir)
        $rows.Count | Should -Be 2
        $rows[0].PSObject.TypeNames[0] | Should -Be 'PgCluster.MirroringStatus'
        $rows[0].ServerId | Should -Be 'server1'
        $rows[0].HostRole | Should -Be 'primary'
        $rows[0].Host | Should -Be '192.0.2.1'
        $rows[0].HostStatus | Should -Be 'normal'
        $rows[0].DbProcStatus | Should -Be 'normal'
        $rows[0].DiskStatus | Should -Be 'normal'
        $rows[0].MirroringStatus | Should -Be 'switchable'
        $rows[0].FailoverEnabled | Should -BeTrue
        $rows[0].Controller | Should -Be 'running'
        $rows[1].Controller | Should -Be 'unreachable'
        $rows[1].LastError | Should -Match 'server2 disk: D:\\pgdata not writable \(action: disconnect\)'
        $rows[1].ConfigPath | Should -Be $script:dir
        $rows[1].AnsweredBy | Should -Be 'server1'
    }

    It "carries mc_ctl's verdict on the pair, Health and Reasons, on every row" {
        $degraded = $script:answer | Select-Object -Property *
        $degraded | Add-Member -NotePropertyName health -NotePropertyValue 'degraded'
        $degraded | Add-Member -NotePropertyName reasons -NotePropertyValue @('server2: its Mirroring Controller is unreachable', 'mirroring status is not-switchable')
        Mock -ModuleName PgCluster Invoke-PgNodeTool { $degraded }
        $rows = @(Get-PgMirroringStatus -ConfigPath $script:dir)
        foreach ($row in $rows) {
            $row.Health | Should -Be 'degraded'
            $row.Reasons.Count | Should -Be 2
            $row.Reasons[0] | Should -Be 'server2: its Mirroring Controller is unreachable'
        }
    }

    It 'leaves Health empty for an answer without a verdict' {
        (Get-PgMirroringStatus -ConfigPath $script:dir)[0].Health | Should -BeNullOrEmpty
        @((Get-PgMirroringStatus -ConfigPath $script:dir)[0].Reasons).Count | Should -Be 0
    }

    It 'leaves Arbiter empty without an arbiter' {
        (Get-PgMirroringStatus -ConfigPath $script:dir)[0].Arbiter | Should -BeNullOrEmpty
        (Get-PgMirroringStatus -ConfigPath $script:dir)[0].ArbiterConnected | Should -BeNullOrEmpty
    }

    It "names the arbiter and says which controllers reach it; a silent peer's link is unknown" {
        $withArbiter = $script:answer.status | Select-Object -Property *
        $withArbiter | Add-Member -NotePropertyName arbiter -NotePropertyValue ([pscustomobject]@{
                id    = 'arb'
                links = [pscustomobject]@{ server1 = [pscustomobject]@{ reachable = $true }; server2 = $null }
            })
        Mock -ModuleName PgCluster Invoke-PgNodeTool { [pscustomobject]@{ ok = $true; status = $withArbiter } }
        $rows = @(Get-PgMirroringStatus -ConfigPath $script:dir)
        $rows[0].Arbiter | Should -Be 'arb'
        $rows[0].ArbiterConnected | Should -BeTrue
        $rows[1].Arbiter | Should -Be 'arb'
        $rows[1].ArbiterConnected | Should -BeNullOrEmpty
    }

    It 'leaves LastError empty when the controllers recorded none' {
        $plain = $script:answer.status | Select-Object -Property * -ExcludeProperty lastError
        Mock -ModuleName PgCluster Invoke-PgNodeTool { [pscustomobject]@{ ok = $true; status = $plain } }
        (Get-PgMirroringStatus -ConfigPath $script:dir)[0].LastError | Should -BeNullOrEmpty
    }

    It 'takes the directory from the pipeline by property name (McDirectory)' {
        $rows = @([pscustomobject]@{ McDirectory = $script:dir } | Get-PgMirroringStatus)
        $rows.Count | Should -Be 2
        Should -Invoke -ModuleName PgCluster Invoke-PgNodeTool -Exactly -Times 1 -Scope It -ParameterFilter {
            $ArgumentList[2] -eq $script:dir
        }
    }

}

Describe 'Get-PgMirroringStatus through the real Invoke-PgNodeTool' {
    It "takes a degraded pair's exit status 1 with an answer as that answer, not as a failure" {
        $json = '{ "ok": true, "health": "degraded", "exitCode": 1, "reasons": ["mirroring status is switched"], "localServer": "server2", "status": { "mirroring": "switched", "failoverEnabled": false, "detectionWindowMs": 9000, "servers": [ { "serverId": "server1", "hostRole": "none(inactivated primary)", "host": "192.0.2.1", "hostStatus": "normal", "dbProcStatus": "abnormal(postmaster)", "diskStatus": "normal" } ], "answeredBy": "server2", "controllers": { "server1": "running" } } }'
        Mock -ModuleName PgCluster Invoke-PgNative {
            [pscustomobject]@{ ExitCode = 1; Output = @($json); StdOut = @($json); StdErr = @() }
        }
        $row = Get-PgMirroringStatus -ConfigPath (Join-Path -Path $TestDrive -ChildPath 'mc') -ErrorAction Stop
        $row.MirroringStatus | Should -Be 'switched'
        $row.Health | Should -Be 'degraded'
        $row.Reasons | Should -Be @('mirroring status is switched')
    }

    It 'turns an mc_ctl error answer into a PgCluster.CODE error' {
        Mock -ModuleName PgCluster Invoke-PgNative {
            [pscustomobject]@{
                ExitCode = 1
                Output   = @('{ "ok": false, "error": { "code": "NETWORK_CONF_INVALID", "message": "no server matches this host", "where": "network.conf", "hint": "use --local-server" } }')
                StdOut   = @('{ "ok": false, "error": { "code": "NETWORK_CONF_INVALID", "message": "no server matches this host", "where": "network.conf", "hint": "use --local-server" } }')
                StdErr   = @()
            }
        }
        { Get-PgMirroringStatus -ConfigPath (Join-Path -Path $TestDrive -ChildPath 'mc') -ErrorAction Stop } | Should -Throw -ErrorId 'PgCluster.NETWORK_CONF_INVALID*'
        Should -Invoke -ModuleName PgCluster Invoke-PgNative -Exactly -Times 1 -Scope It -ParameterFilter {
            $ArgumentList[0] -match 'mc_ctl\.js$' -and $ArgumentList[1] -eq 'status' -and $ArgumentList[-1] -eq '--json'
        }
    }
}

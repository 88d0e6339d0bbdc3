# Install-/Uninstall-/Test-PgMirroring and Get-PgMirroringPlan against the REAL Node helper
# (bin/pgcluster.js plans from real configuration files); only the Windows actions are mocked.
BeforeAll {
    $repo = (Resolve-Path -LiteralPath "$PSScriptRoot/../../../..").ProviderPath
    Import-Module (Join-Path $repo 'ps-module/PgCluster/PgCluster.psd1') -Force
    $PSDefaultParameterValues['Mock:ModuleName'] = 'PgCluster'
    $PSDefaultParameterValues['Should:ModuleName'] = 'PgCluster'

    $script:mcDir = Join-Path ([System.IO.Path]::GetTempPath()) ("pgc-ps-" + [guid]::NewGuid().ToString('N'))
    $null = New-Item -ItemType Directory -Path $script:mcDir
    Set-Content -LiteralPath (Join-Path $script:mcDir 'network.conf') -Value "server1 127.0.0.1 27540`nserver2 127.0.0.1 27541"
    Set-Content -LiteralPath (Join-Path $script:mcDir 'server1.conf') -Value "db_instance = '/nonexistent/data'`ndb_instance_service_name = 'inst1'`nevent_source = 'Mirroring Controller inst1'"
    if (-not $IsWindows) {
        & chmod 700 $script:mcDir
        & chmod 600 (Join-Path $script:mcDir 'network.conf') (Join-Path $script:mcDir 'server1.conf')
    }
    $password = ConvertTo-SecureString -String 'not-a-real-password' -AsPlainText -Force
    $script:cred = [System.Management.Automation.PSCredential]::new('CONTOSO\symfo', $password)
    $script:common = @{ ConfigPath = $script:mcDir; LocalServer = 'server1'; PgBinPath = 'C:\pg\bin' }
}

AfterAll {
    Remove-Item -LiteralPath $script:mcDir -Recurse -Force -ErrorAction SilentlyContinue
    Remove-Module PgCluster -Force -ErrorAction SilentlyContinue
}

Describe 'Get-PgMirroringPlan' {
    It 'returns the Windows plan of the helper, in order, with the undo policy' {
        $steps = @(Get-PgMirroringPlan @common -Account 'CONTOSO\symfo' -WarningAction SilentlyContinue)
        $steps.Kind | Should -Be @('eventSource.register', 'eventSource.register', 'logonRight.grant', 'servicesFile.entry',
            'fileAcl.ownerOnly', 'fileAcl.ownerOnly', 'firewall.allowTcp', 'service.mirroring')
        $steps[0].PSObject.TypeNames[0] | Should -Be 'PgCluster.PlanStep'
        $steps[0].Action | Should -Be 'register with C:\pg\lib\pgevent.dll'
        $steps[1].Target | Should -Be 'Event Log source "Mirroring Controller inst1"'
        ($steps | Where-Object Kind -EQ 'fileAcl.ownerOnly')[0].Detail | Should -Be 'undo: keep'
        ($steps | Where-Object Kind -EQ 'firewall.allowTcp').Action | Should -Be 'allow inbound TCP 27540'
    }

    It 'warns that the instance service waits for the instance' {
        $null = Get-PgMirroringPlan @common -Account 'CONTOSO\symfo' -WarningVariable warnings -WarningAction SilentlyContinue
        ($warnings -join "`n") | Should -Match 'no instance in /nonexistent/data yet'
    }

    It 'turns a configuration error into a terminating error with the helper code, place and hint' {
        $bad = Join-Path ([System.IO.Path]::GetTempPath()) ("pgc-ps-bad-" + [guid]::NewGuid().ToString('N'))
        $null = New-Item -ItemType Directory -Path $bad
        try {
            Set-Content -LiteralPath (Join-Path $bad 'network.conf') -Value "server1 127.0.0.1 99999`nserver2 127.0.0.1 27541"
            if (-not $IsWindows) { & chmod 600 (Join-Path $bad 'network.conf') }
            $err = $null
            try { Get-PgMirroringPlan -ConfigPath $bad -LocalServer server1 -Account x -PgBinPath 'C:\pg\bin' } catch { $err = $_ }
            $err | Should -Not -BeNullOrEmpty
            $err.FullyQualifiedErrorId | Should -BeLike 'PgCluster.CONFIG_INVALID*'
            $err.Exception.Message | Should -Match 'network.conf'
            $err.Exception.Message | Should -Match '99999'
            $err.Exception.Message | Should -Match 'HINT:'
        }
        finally {
            Remove-Item -LiteralPath $bad -Recurse -Force
        }
    }
}

Describe 'Install-PgMirroring' {
    BeforeEach {
        # A machine where nothing is set up yet; every Windows action would go through these.
        Mock Invoke-PgNative { [pscustomobject]@{ ExitCode = 1060; Output = @('[SC] OpenService FAILED 1060') } } -ParameterFilter { $FilePath -notmatch 'node' }
        Mock Get-PgRegistryKey { $null }
        Mock Get-PgService { }
        Mock Get-PgServicesFileEntry { }
        Mock Test-PgServiceLogonRight { [pscustomobject]@{ Account = $Account; Granted = $false } }
        Mock Test-PgConfigFile { [pscustomobject]@{ Path = $Path[0]; Compliant = $false; ExtraAccess = @('BUILTIN\Users:(RX) inherited') } }
        Mock Get-PgFirewallRule { }
    }

    It '-WhatIf reports every step as would-create and performs none' {
        Mock Invoke-PgOperation { } -ParameterFilter { $Action -ne 'Test' }
        $steps = @(Install-PgMirroring @common -Credential $cred -WhatIf -WarningAction SilentlyContinue)
        $steps.Count | Should -Be 8
        @($steps.Outcome | Sort-Object -Unique) | Should -Be @('would change', 'would create') -Because 'files exist but are not protected'
        ($steps | Where-Object Kind -EQ 'fileAcl.ownerOnly').Outcome | Should -Be @('would change', 'would change')
        Should -Invoke Invoke-PgOperation -ParameterFilter { $Action -ne 'Test' } -Times 0 -Exactly
    }

    It 'skips what is already in place and sets only the rest' {
        Mock Test-PgServiceLogonRight { [pscustomobject]@{ Account = $Account; Granted = $true } }
        Mock Invoke-PgOperation { } -ParameterFilter { $Action -eq 'Set' }
        $steps = @(Install-PgMirroring @common -Credential $cred -Force -WarningAction SilentlyContinue)
        ($steps | Where-Object Kind -EQ 'logonRight.grant').Outcome | Should -Be 'unchanged'
        Should -Invoke Invoke-PgOperation -ParameterFilter { $Action -eq 'Set' } -Times 7 -Exactly
        Should -Invoke Invoke-PgOperation -ParameterFilter { $Action -eq 'Set' -and $Operation.kind -eq 'logonRight.grant' } -Times 0 -Exactly
        Should -Invoke Invoke-PgOperation -ParameterFilter { $Action -eq 'Set' -and $Operation.kind -eq 'service.mirroring' -and $Credential.UserName -eq 'CONTOSO\symfo' } -Times 1 -Exactly
    }

    It 'rolls back, in reverse, what this run created when a step fails, and keeps the error id' {
        $global:pgcUndone = [System.Collections.Generic.List[string]]::new()
        Mock Invoke-PgOperation {
            if ($Operation.kind -eq 'firewall.allowTcp') {
                # The mock runs in the test's scope, where the module's private helpers are not visible.
                throw [System.Management.Automation.ErrorRecord]::new([System.InvalidOperationException]::new('the firewall service is stopped'), 'PgCluster.FirewallBroken', 'InvalidOperation', $null)
            }
        } -ParameterFilter { $Action -eq 'Set' }
        Mock Invoke-PgOperation { # Strict mode: read only the properties this kind has.
            $key = @($Operation.PSObject.Properties | Where-Object Name -In 'source', 'service' | ForEach-Object Value)[0]
            $global:pgcUndone.Add("$($Operation.kind):$key") } -ParameterFilter { $Action -eq 'Undo' }
        $err = $null
        try { Install-PgMirroring @common -Credential $cred -Force -WarningAction SilentlyContinue } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -BeLike 'PgCluster.FirewallBroken*'
        $err.Exception.Message | Should -Match 'step 7'
        $err.Exception.Message | Should -Match 'was undone'
        # Created before the failure: 2 sources (the shared default one is kept), logon right (kept),
        # services entry; the 2 files were changed, not created.
        $err.Exception.Message | Should -Match 'kept on purpose: .*MirroringControllerOpen'
        @($global:pgcUndone) | Should -Be @('servicesFile.entry:pgcluster-mc-server1', 'eventSource.register:Mirroring Controller inst1')
    }

    It 'refuses without a credential for the services' {
        { Install-PgMirroring @common -Credential ([System.Management.Automation.PSCredential]::Empty) -Force -WarningAction SilentlyContinue } |
            Should -Throw
    }
}

Describe 'Test-PgMirroring' {
    It 'is False with -Quiet while something is missing, True when all is in place' {
        Mock Invoke-PgOperation { [pscustomobject]@{ State = 'absent'; Detail = $null } } -ParameterFilter { $Action -eq 'Test' }
        Test-PgMirroring @common -Account 'CONTOSO\symfo' -Quiet | Should -BeFalse
        Mock Invoke-PgOperation { [pscustomobject]@{ State = 'present'; Detail = $null } } -ParameterFilter { $Action -eq 'Test' }
        Test-PgMirroring @common -Account 'CONTOSO\symfo' -Quiet | Should -BeTrue
    }
}

Describe 'Uninstall-PgMirroring' {
    It 'removes in reverse order, keeps file permissions, the logon right and the shared default source, and reports absent parts' {
        Mock Invoke-PgOperation {
            $state = 'present'
            if ($Operation.kind -eq 'firewall.allowTcp') { $state = 'absent' }
            [pscustomobject]@{ State = $state; Detail = $null }
        } -ParameterFilter { $Action -eq 'Test' }
        Mock Invoke-PgOperation { } -ParameterFilter { $Action -eq 'Undo' }
        $steps = @(Uninstall-PgMirroring @common -Account 'CONTOSO\symfo' -Force)
        $steps[0].Kind | Should -Be 'service.mirroring'
        $steps[0].Outcome | Should -Be 'removed'
        ($steps | Where-Object Kind -EQ 'firewall.allowTcp').Outcome | Should -Be 'absent'
        ($steps | Where-Object Kind -EQ 'fileAcl.ownerOnly').Outcome | Should -Be @('kept', 'kept')
        ($steps | Where-Object Kind -EQ 'logonRight.grant').Outcome | Should -Be 'kept'
        ($steps | Where-Object Target -EQ 'Event Log source "MirroringControllerOpen"').Outcome | Should -Be 'kept'
        Should -Invoke Invoke-PgOperation -ParameterFilter { $Action -eq 'Undo' } -Times 3 -Exactly
    }

    It '-WhatIf removes nothing' {
        Mock Invoke-PgOperation { [pscustomobject]@{ State = 'present'; Detail = $null } } -ParameterFilter { $Action -eq 'Test' }
        Mock Invoke-PgOperation { } -ParameterFilter { $Action -eq 'Undo' }
        $steps = @(Uninstall-PgMirroring @common -Account 'CONTOSO\symfo' -WhatIf)
        ($steps | Where-Object Outcome -EQ 'would remove').Count | Should -Be 4
        Should -Invoke Invoke-PgOperation -ParameterFilter { $Action -eq 'Undo' } -Times 0 -Exactly
    }
}

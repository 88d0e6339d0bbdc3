# Add-/Remove-/Get-PgFirewallRule against an in-memory firewall behind the NetSecurity cmdlets
# (Windows-only; stubbed here so they can be mocked), and Register-/Unregister-PgMirroringService
# through the real Node helper's plan.
BeforeAll {
    $repo = (Resolve-Path -LiteralPath "$PSScriptRoot/../../../..").ProviderPath
    $stubs = Join-Path $repo 'test/powershell/Stubs/NetSecurity.stubs.psm1'
    Import-Module $stubs -Force
    Import-Module (Join-Path $repo 'ps-module/PgCluster/PgCluster.psd1') -Force
    $PSDefaultParameterValues['Mock:ModuleName'] = 'PgCluster'
    $PSDefaultParameterValues['Should:ModuleName'] = 'PgCluster'
}

AfterAll {
    Remove-Module PgCluster -Force -ErrorAction SilentlyContinue
}

Describe 'Firewall rules' {
    BeforeEach {
        $script:rules = @{}
        # -Name is [string[]] in the real cmdlets; piped rules bind to -AssociatedNetFirewallRule, a
        # CimInstance that cannot exist on Linux, hence -RemoveParameterType.
        Mock Get-NetFirewallRule { foreach ($n in $Name) { if ($script:rules.ContainsKey($n)) { [pscustomobject]$script:rules[$n] } } }
        Mock Get-NetFirewallPortFilter -RemoveParameterType AssociatedNetFirewallRule {
            [pscustomobject]@{ Protocol = $script:rules[$AssociatedNetFirewallRule.Name].Protocol; LocalPort = $script:rules[$AssociatedNetFirewallRule.Name].LocalPort }
        }
        # As the real rule objects report them: enums, Profile a flags value (Any = 0).
        Mock New-NetFirewallRule {
            $script:rules[$Name] = @{ Name = $Name; DisplayName = $DisplayName; Enabled = $Enabled; Direction = $Direction; Action = $Action; Protocol = 'TCP'; LocalPort = "$LocalPort"; Profile = $Profile }
        }
        Mock Set-NetFirewallRule {
            foreach ($n in $Name) {
                foreach ($key in @('Enabled', 'Direction', 'Action', 'Profile', 'Protocol')) {
                    if ($PesterBoundParameters.ContainsKey($key)) { $script:rules[$n][$key] = $PesterBoundParameters[$key] }
                }
                if ($PesterBoundParameters.ContainsKey('LocalPort')) { $script:rules[$n].LocalPort = "$LocalPort" }
            }
        }
        Mock Remove-NetFirewallRule { foreach ($n in $Name) { $script:rules.Remove($n) } }
    }

    It 'adds an inbound TCP rule by unique name in group PgCluster, once' {
        $r = Add-PgFirewallRule -Name 'PgCluster-MC-server1-TCP-In' -Port 27540 -DisplayName 'PgCluster MC server1' -Confirm:$false
        $r.PSObject.TypeNames[0] | Should -Be 'PgCluster.FirewallRule'
        $r.LocalPort | Should -Be '27540'
        $null = Add-PgFirewallRule -Name 'PgCluster-MC-server1-TCP-In' -Port 27540 -Confirm:$false
        Should -Invoke New-NetFirewallRule -Times 1 -Exactly -ParameterFilter {
            $Group -eq 'PgCluster' -and $Direction -eq 'Inbound' -and $Protocol -eq 'TCP' -and $LocalPort -eq 27540 -and $Action -eq 'Allow'
        }
        Should -Invoke Set-NetFirewallRule -Times 0 -Exactly
    }

    It 'corrects a drifted port instead of adding a duplicate' {
        $null = Add-PgFirewallRule -Name r1 -Port 1000 -Confirm:$false
        (Add-PgFirewallRule -Name r1 -Port 2000 -Confirm:$false).LocalPort | Should -Be '2000'
        Should -Invoke New-NetFirewallRule -Times 1 -Exactly
        Should -Invoke Set-NetFirewallRule -Times 1 -Exactly
    }

    It 'gives a new rule the Domain and Private profiles, reported as a set' {
        $r = Add-PgFirewallRule -Name r5 -Port 5000 -Confirm:$false
        $r.Profile | Should -Be @('Domain', 'Private')
        Should -Invoke New-NetFirewallRule -Times 1 -Exactly -ParameterFilter { "$Profile" -eq 'Domain, Private' -and "$Enabled" -eq 'True' }
    }

    It 'corrects a rule that drifted in <What>, and only once' -ForEach @(
        @{ What = 'direction'; Key = 'Direction'; Value = 'Outbound'; Says = 'direction Outbound, not Inbound' }
        @{ What = 'action'; Key = 'Action'; Value = 'Block'; Says = 'action Block, not Allow' }
        @{ What = 'enabled state'; Key = 'Enabled'; Value = 'False'; Says = 'disabled' }
        @{ What = 'profile'; Key = 'Profile'; Value = 'Public'; Says = 'profiles Public, not Domain, Private' }
    ) {
        $null = Add-PgFirewallRule -Name r6 -Port 6000 -Confirm:$false
        $types = @{ Direction = 'Direction'; Action = 'Action'; Enabled = 'Enabled'; Profile = 'Profile' }
        $script:rules['r6'][$Key] = $Value -as [type]"Microsoft.PowerShell.Cmdletization.GeneratedTypes.NetSecurity.$($types[$Key])"
        $rule = Get-PgFirewallRule -Name r6
        (& (Get-Module PgCluster) { param($r) Compare-PgFirewallRule -Rule $r -Port 6000 -FirewallProfile Domain, Private } $rule) |
            Should -Be @($Says)
        $r = Add-PgFirewallRule -Name r6 -Port 6000 -Confirm:$false
        $r.Direction | Should -Be 'Inbound'
        $r.Action | Should -Be 'Allow'
        $r.Enabled | Should -BeTrue
        $r.Profile | Should -Be @('Domain', 'Private')
        $null = Add-PgFirewallRule -Name r6 -Port 6000 -Confirm:$false
        Should -Invoke Set-NetFirewallRule -Times 1 -Exactly
    }

    It 'takes Any as all three profiles, however the firewall reports it' {
        $null = Add-PgFirewallRule -Name r7 -Port 7000 -FirewallProfile Any -Confirm:$false
        $script:rules['r7'].Profile.ToString() | Should -Be 'Any'
        (Get-PgFirewallRule -Name r7).Profile | Should -Be @('Domain', 'Private', 'Public')
        $null = Add-PgFirewallRule -Name r7 -Port 7000 -FirewallProfile Domain, Private, Public -Confirm:$false
        $null = Add-PgFirewallRule -Name r7 -Port 7000 -FirewallProfile Any -Confirm:$false
        Should -Invoke Set-NetFirewallRule -Times 0 -Exactly
    }

    It 'refuses Any together with another profile, changing nothing' {
        { Add-PgFirewallRule -Name r8 -Port 8000 -FirewallProfile Any, Public -Confirm:$false } |
            Should -Throw -ErrorId 'PgCluster.FirewallProfileInvalid,Add-PgFirewallRule'
        Should -Invoke New-NetFirewallRule -Times 0 -Exactly
    }

    It 'a plan''s firewall operation finds the same drift' {
        $op = [pscustomobject]@{ kind = 'firewall.allowTcp'; name = 'r9'; displayName = 'r9'; port = 9000 }
        (& (Get-Module PgCluster) { param($o) Invoke-PgOperation -Operation $o -Action Test } $op).State | Should -Be 'absent'
        $null = Add-PgFirewallRule -Name r9 -Port 9000 -Confirm:$false
        (& (Get-Module PgCluster) { param($o) Invoke-PgOperation -Operation $o -Action Test } $op).State | Should -Be 'present'
        $script:rules['r9'].Direction = [Microsoft.PowerShell.Cmdletization.GeneratedTypes.NetSecurity.Direction]::Outbound
        $script:rules['r9'].Profile = [Microsoft.PowerShell.Cmdletization.GeneratedTypes.NetSecurity.Profile]::Public
        $t = & (Get-Module PgCluster) { param($o) Invoke-PgOperation -Operation $o -Action Test } $op
        $t.State | Should -Be 'different'
        $t.Detail | Should -Be 'direction Outbound, not Inbound; profiles Public, not Domain, Private'
    }

    It '-WhatIf adds nothing; removing twice is harmless' {
        $null = Add-PgFirewallRule -Name r2 -Port 3000 -WhatIf
        Get-PgFirewallRule -Name r2 | Should -BeNullOrEmpty
        $null = Add-PgFirewallRule -Name r2 -Port 3000 -Confirm:$false
        Remove-PgFirewallRule -Name r2 -Confirm:$false
        Remove-PgFirewallRule -Name r2 -Confirm:$false
        Should -Invoke Remove-NetFirewallRule -Times 1 -Exactly
    }
}

Describe 'Register-/Unregister-PgMirroringService' {
    BeforeAll {
        $script:mcDir = Join-Path ([System.IO.Path]::GetTempPath()) ("pgc-fw-" + [guid]::NewGuid().ToString('N'))
        $null = New-Item -ItemType Directory -Path $script:mcDir
        Set-Content -LiteralPath (Join-Path $script:mcDir 'network.conf') -Value "server1 127.0.0.1 27540`nserver2 127.0.0.1 27541"
        Set-Content -LiteralPath (Join-Path $script:mcDir 'server1.conf') -Value "db_instance = '/nonexistent/data'"
        if (-not $IsWindows) { & chmod 600 (Join-Path $script:mcDir 'network.conf') (Join-Path $script:mcDir 'server1.conf') }
        $password = ConvertTo-SecureString -String 'pw' -AsPlainText -Force
        $script:cred = [System.Management.Automation.PSCredential]::new('CONTOSO\symfo', $password)
    }
    AfterAll { Remove-Item -LiteralPath $script:mcDir -Recurse -Force -ErrorAction SilentlyContinue }

    It 'applies only the service.mirroring operation of the plan, and undoes only it' {
        Mock Invoke-PgOperation { [pscustomobject]@{ State = 'absent'; Detail = $null } } -ParameterFilter { $Action -eq 'Test' }
        Mock Invoke-PgOperation { } -ParameterFilter { $Action -ne 'Test' }
        $steps = @(Register-PgMirroringService -ConfigPath $script:mcDir -LocalServer server1 -Credential $script:cred -StartMode Auto -Failover -Force)
        $steps.Count | Should -Be 1
        $steps[0].Outcome | Should -Be 'created'
        Should -Invoke Invoke-PgOperation -Times 1 -Exactly -ParameterFilter {
            $Action -eq 'Set' -and $Operation.kind -eq 'service.mirroring' -and $Operation.start -eq 'auto' -and ($Operation.command -contains '-f')
        }
        Mock Invoke-PgOperation { [pscustomobject]@{ State = 'present'; Detail = $null } } -ParameterFilter { $Action -eq 'Test' }
        $undo = @(Unregister-PgMirroringService -ConfigPath $script:mcDir -LocalServer server1 -Force)
        $undo[0].Outcome | Should -Be 'removed'
        Should -Invoke Invoke-PgOperation -Times 1 -Exactly -ParameterFilter { $Action -eq 'Undo' -and $Operation.kind -eq 'service.mirroring' }
    }

    It 'runs as a gMSA given with -Account: no password asked for or passed on' {
        Mock Invoke-PgOperation { [pscustomobject]@{ State = 'absent'; Detail = $null } } -ParameterFilter { $Action -eq 'Test' }
        Mock Invoke-PgOperation { } -ParameterFilter { $Action -ne 'Test' }
        $steps = @(Register-PgMirroringService -ConfigPath $script:mcDir -LocalServer server1 -Account 'CONTOSO\pgsvc$' -Force)
        $steps[0].Outcome | Should -Be 'created'
        Should -Invoke Invoke-PgOperation -Times 1 -Exactly -ParameterFilter {
            $Action -eq 'Set' -and $Operation.account -eq 'CONTOSO\pgsvc$' -and $Credential.UserName -eq 'CONTOSO\pgsvc$' -and $Credential.Password.Length -eq 0
        }
    }

    It 'refuses -Account for an account that has a password, changing nothing' {
        Mock Invoke-PgOperation { }
        { Register-PgMirroringService -ConfigPath $script:mcDir -LocalServer server1 -Account 'CONTOSO\symfo' -Force } |
            Should -Throw -ErrorId 'PgCluster.CredentialRequired,Register-PgMirroringService' -ExpectedMessage "*'CONTOSO\symfo' has a password*"
        Should -Invoke Invoke-PgOperation -Times 0 -Exactly
    }
}

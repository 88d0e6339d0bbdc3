# Get-PgService / Set-PgServiceStartMode / instance and controller services. pgcluster-scm.exe
# (the SCM's API) and pg_ctl.exe are replaced by an in-memory service table that answers in the
# tool's format; accounts resolve to SIDs as LookupAccountName does (.\symfo, VM\symfo and symfo
# are one SID). The same cmdlets run against Wine's real service control manager in
# test/wine/powershell/Service.Wine.Tests.ps1.
BeforeAll {
    $repo = (Resolve-Path -LiteralPath "$PSScriptRoot/../../../..").ProviderPath
    Import-Module (Join-Path $repo 'ps-module/PgCluster/PgCluster.psd1') -Force
    $PSDefaultParameterValues['Mock:ModuleName'] = 'PgCluster'
    $PSDefaultParameterValues['Should:ModuleName'] = 'PgCluster'
    $password = ConvertTo-SecureString -String 's3cret' -AsPlainText -Force
    $script:cred = [System.Management.Automation.PSCredential]::new('CONTOSO\symfo', $password)
}

AfterAll {
    Remove-Module PgCluster -Force -ErrorAction SilentlyContinue
}

Describe 'ConvertFrom-PgServiceToolOutput' {
    It 'reads what pgcluster-scm.exe printed under Wine, %XX escapes included' {
        InModuleScope PgCluster {
            # Captured from pgcluster-scm.exe query under Wine 8 (a service made by its set).
            $lines = @(
                "name`tpgc_test", "display`tPgCluster Test",
                "binpath`t`"C:\Program Files\PgCluster\bin\pgcluster-service.exe`" `"--stop-command`" `"\`"C:\node.exe\`" \`"mc ctl.js\`" stop`" `"--`" `"C:\mcdir\%C3%BC`"",
                "start`tauto", "type`t16", "account`t.\root", "accountsid`tS-1-5-21-0-0-0-1000", "description`tA test %C3%BC%25")
            $s = ConvertFrom-PgServiceToolOutput -Line $lines
            $s.PSObject.TypeNames[0] | Should -Be 'PgCluster.Service'
            $s.Name | Should -Be 'pgc_test'
            $s.StartType | Should -Be 'Auto'
            $s.DelayedStart | Should -BeFalse
            $s.ServiceType | Should -Be 'WIN32_OWN_PROCESS'
            $s.BinaryPath | Should -BeExactly ('"C:\Program Files\PgCluster\bin\pgcluster-service.exe" "--stop-command" "\"C:\node.exe\" \"mc ctl.js\" stop" "--" "C:\mcdir\' + [char]0xFC + '"')
            $s.Account | Should -Be '.\root'
            $s.AccountSid | Should -Be 'S-1-5-21-0-0-0-1000'
            $s.Description | Should -BeExactly ('A test ' + [char]0xFC + '%')
            $s.Dependencies | Should -BeNullOrEmpty
        }
    }

    It 'knows delayed automatic start and dependencies, as Windows reports them' {
        InModuleScope PgCluster {
            $s = ConvertFrom-PgServiceToolOutput -Line @("name`tx", "start`tauto", "delayed`t1", "depend`tRPCSS", "depend`tTcpip")
            $s.DelayedStart | Should -BeTrue
            $s.Dependencies | Should -Be @('RPCSS', 'Tcpip')
        }
    }

    It 'returns the Windows error of an error line, and refuses output that is neither' {
        InModuleScope PgCluster {
            $e = ConvertFrom-PgServiceToolOutput -Line @("error`t1060`tnope: Service does not exist.  ")
            $e.ErrorCode | Should -Be 1060
            $e.ErrorText | Should -Be 'nope: Service does not exist.'
            { ConvertFrom-PgServiceToolOutput -Line @('[SC] OpenService FAILED 5:') } | Should -Throw -ErrorId 'PgCluster.ServiceToolOutput*'
        }
    }
}

Describe 'Test-PgPasswordlessAccount' {
    It 'knows gMSAs and built-in service accounts, and nothing else' {
        InModuleScope PgCluster {
            foreach ($a in @('CONTOSO\pgsvc$', 'LocalSystem', 'NT AUTHORITY\NetworkService', 'NT AUTHORITY\LOCAL SERVICE', 'NT SERVICE\pg')) {
                Test-PgPasswordlessAccount -Account $a | Should -BeTrue -Because $a
            }
            foreach ($a in @('CONTOSO\symfo', '.\symfo', 'symfo', 'symfo$', 'CONTOSO\sym$fo')) {
                Test-PgPasswordlessAccount -Account $a | Should -BeFalse -Because $a
            }
        }
    }
}

Describe 'Join-PgCommandLine' {
    It 'quotes every argument so that Windows reads the same arguments back' {
        InModuleScope PgCluster {
            Join-PgCommandLine -Argument @('C:\Program Files\nodejs\node.exe', '-M', 'D:\mc dir\', 'say "hi"') |
                Should -Be '"C:\Program Files\nodejs\node.exe" "-M" "D:\mc dir\\" "say \"hi\""'
        }
    }
}


Describe 'Windows services' {
    BeforeEach {
        $script:services = @{}
        $script:requests = @()
        # What LookupAccountName would answer; a name it does not know has no SID.
        $script:sids = @{ 'contoso\symfo' = 'S-1-5-21-1-2-3-1105'; 'contoso\pgsvc$' = 'S-1-5-21-1-2-3-2001'
            'vm\symfo' = 'S-1-5-21-9-9-9-1001'; '.\symfo' = 'S-1-5-21-9-9-9-1001'; 'localsystem' = 'S-1-5-18' }
        Mock Get-PgHelperPath { "C:\pgc\bin\$Name" }
        Mock Resolve-PgAccountSid {
            $sid = $script:sids[$Account.ToLowerInvariant()]
            if (-not $sid) { throw "no such account: $Account" }
            $sid
        }
        function script:Format-Tool([hashtable] $svc) {
            $esc = { param($v) [Uri]::EscapeDataString([string]$v) -replace '%20', ' ' -replace '%5C', '\' -replace '%22', '"' -replace '%3A', ':' }
            @("name`t$($svc.name)", "display`t$(& $esc $svc.display)", "binpath`t$(& $esc $svc.binpath)", "start`t$($svc.start)",
                "type`t16", "account`t$(& $esc $svc.account)", "accountsid`t$($script:sids[([string]$svc.account).ToLowerInvariant()])",
                "description`t$(& $esc $svc.description)")
        }
        # pgcluster-scm.exe: query prints the table's entry or error 1060; set reads the request
        # from stdin (never arguments), creates (LocalSystem unless told) or changes, and prints.
        Mock Invoke-PgNative {
            if ($ArgumentList[0] -eq 'query') {
                $svc = $script:services[$ArgumentList[1]]
                if (-not $svc) { return [pscustomobject]@{ ExitCode = 2; StdOut = @("error`t1060`t$($ArgumentList[1]): Service does not exist.  "); Output = @() } }
                return [pscustomobject]@{ ExitCode = 0; StdOut = @(Format-Tool $svc); Output = @() }
            }
            $req = @{}
            foreach ($line in $StandardInput) { $k, $v = $line -split "`t", 2; $req[$k] = [Uri]::UnescapeDataString($v) }
            $script:requests += , $req
            $svc = $script:services[$req.name]
            if (-not $svc) {
                if (-not $req.binpath) { return [pscustomobject]@{ ExitCode = 1; StdOut = @("error`t0`ta new service needs binpath and start"); Output = @() } }
                $svc = @{ name = $req.name; display = $req.name; account = 'LocalSystem'; description = '' }
                $script:services[$req.name] = $svc
            }
            foreach ($k in @('binpath', 'display', 'start', 'account', 'description')) { if ($req.ContainsKey($k)) { $svc[$k] = $req[$k] } }
            [pscustomobject]@{ ExitCode = 0; StdOut = @(Format-Tool $svc); Output = @() }
        } -ParameterFilter { $FilePath -eq 'C:\pgc\bin\pgcluster-scm.exe' }
        # pg_ctl register makes the service it documents (pg_ctl.c: runservice, RPCSS, .\ for a bare name).
        Mock Invoke-PgNative {
            $n = $ArgumentList[([array]::IndexOf($ArgumentList, '-N')) + 1]
            if ($ArgumentList[0] -eq 'register') {
                $d = $ArgumentList[([array]::IndexOf($ArgumentList, '-D')) + 1]
                $u = $ArgumentList[([array]::IndexOf($ArgumentList, '-U')) + 1]
                $script:services[$n] = @{ name = $n; display = $n; start = 'demand'; binpath = "`"C:\pg\bin\pg_ctl.exe`" runservice -N `"$n`" -D `"$d`" -w"; account = $u; description = '' }
            }
            else { $script:services.Remove($n) }
            [pscustomobject]@{ ExitCode = 0; StdOut = @(); Output = @() }
        } -ParameterFilter { $FilePath -like '*pg_ctl.exe' }
        Mock Invoke-PgNative {
            if ($ArgumentList[0] -eq 'query') { return [pscustomobject]@{ ExitCode = 0; Output = @("SERVICE_NAME: $($ArgumentList[1])", '        STATE              : 1  STOPPED') } }
            $script:services.Remove($ArgumentList[1])
            [pscustomobject]@{ ExitCode = 0; Output = @('[SC] DeleteService SUCCESS') }
        } -ParameterFilter { $FilePath -eq 'sc.exe' }
    }

    It 'Get-PgService returns nothing for a missing service, an object for a present one, and an error for any other failure' {
        Get-PgService -Name nothere | Should -BeNullOrEmpty
        $script:services['inst1'] = @{ name = 'inst1'; display = 'inst1'; start = 'demand'; binpath = 'x'; account = '.\symfo'; description = '' }
        $s = 'inst1' | Get-PgService
        $s.StartType | Should -Be 'Demand'
        $s.AccountSid | Should -Be 'S-1-5-21-9-9-9-1001'
        Should -Invoke Invoke-PgNative -ParameterFilter { ($ArgumentList -join '|') -eq 'query|inst1' }
        Mock Invoke-PgNative { [pscustomobject]@{ ExitCode = 2; StdOut = @("error`t5`tthe service control manager: Access denied."); Output = @() } } -ParameterFilter { $FilePath -like '*pgcluster-scm.exe' }
        { Get-PgService -Name inst1 } | Should -Throw -ErrorId 'PgCluster.ServiceQueryFailed*' -ExpectedMessage '*Access denied. (Windows error 5)*'
    }

    It 'Set-PgServiceStartMode sets start through the API only when needed, and says when it did not take' {
        $script:services['mc1'] = @{ name = 'mc1'; display = 'mc1'; start = 'demand'; binpath = 'x'; account = '.\symfo'; description = '' }
        (Set-PgServiceStartMode -Name mc1 -StartMode Auto -Confirm:$false).StartType | Should -Be 'Auto'
        $null = Set-PgServiceStartMode -Name mc1 -StartMode Auto -Confirm:$false
        $script:requests.Count | Should -Be 1
        ($script:requests[0].Keys | Sort-Object) -join ',' | Should -Be 'name,start'
        $script:requests[0].start | Should -Be 'auto'
        { Set-PgServiceStartMode -Name nothere -StartMode Auto -Confirm:$false } | Should -Throw -ErrorId 'PgCluster.ServiceNotFound*'
        # A Group Policy that holds the start type: the read-back says so.
        Mock Invoke-PgNative { [pscustomobject]@{ ExitCode = 0; StdOut = @("name`tmc1", "start`tauto"); Output = @() } } -ParameterFilter { $StandardInput }
        { Set-PgServiceStartMode -Name mc1 -StartMode Demand -Confirm:$false } | Should -Throw -ErrorId 'PgCluster.ServiceNotAsSet*'
    }

    It 'Register-PgInstanceService: pg_ctl register without -P, the password through the API on stdin, and a foreign service refused' {
        $s = Register-PgInstanceService -Name inst1 -DataDirectory 'D:\database\inst1' -Credential $cred -PgCtlPath 'C:\pg\bin\pg_ctl.exe' -Confirm:$false
        $s.StartType | Should -Be 'Demand'
        $s.Account | Should -Be 'CONTOSO\symfo'
        Should -Invoke Invoke-PgNative -Times 1 -Exactly -ParameterFilter {
            ($ArgumentList -join '|') -eq 'register|-N|inst1|-D|D:\database\inst1|-U|CONTOSO\symfo|-S|demand|-w'
        }
        Should -Invoke Invoke-PgNative -Times 0 -Exactly -ParameterFilter { $ArgumentList -contains 's3cret' -or $ArgumentList -contains '-P' }
        $script:requests.Count | Should -Be 1
        $script:requests[0].password | Should -BeExactly 's3cret'
        $script:requests[0].account | Should -Be 'CONTOSO\symfo'
        $null = Register-PgInstanceService -Name inst1 -DataDirectory 'D:\database\inst1' -Credential $cred -PgCtlPath 'C:\pg\bin\pg_ctl.exe' -Confirm:$false
        Should -Invoke Invoke-PgNative -Times 1 -Exactly -ParameterFilter { $ArgumentList[0] -eq 'register' }
        { Register-PgInstanceService -Name inst1 -DataDirectory 'E:\other' -Credential $cred -PgCtlPath 'C:\pg\bin\pg_ctl.exe' -Confirm:$false } |
            Should -Throw -ErrorId 'PgCluster.ServiceNameTaken*'
    }

    It 'Register-PgInstanceService sends no password for a gMSA, and unregisters again when the password cannot be set' {
        $gmsa = [System.Management.Automation.PSCredential]::new('CONTOSO\pgsvc$', [System.Security.SecureString]::new())
        $null = Register-PgInstanceService -Name inst2 -DataDirectory 'D:\database\inst2' -Credential $gmsa -PgCtlPath 'C:\pg\bin\pg_ctl.exe' -Confirm:$false
        $script:requests.Count | Should -Be 0
        $script:services['inst2'].account | Should -Be 'CONTOSO\pgsvc$'
        Mock Invoke-PgNative { [pscustomobject]@{ ExitCode = 2; StdOut = @("error`t1057`tinst3: The account name is invalid or does not exist, or the password is invalid."); Output = @() } } -ParameterFilter { $StandardInput }
        { Register-PgInstanceService -Name inst3 -DataDirectory 'D:\database\inst3' -Credential $cred -PgCtlPath 'C:\pg\bin\pg_ctl.exe' -Confirm:$false } |
            Should -Throw -ErrorId 'PgCluster.InstanceRegisterFailed*' -ExpectedMessage '*password is invalid*'
        $script:services.ContainsKey('inst3') | Should -BeFalse
    }

    It 'Unregister-PgInstanceService removes only pg_ctl services and tolerates a missing one' {
        $script:services['other'] = @{ name = 'other'; display = 'other'; start = 'auto'; binpath = 'C:\x.exe'; account = 'LocalSystem'; description = '' }
        { Unregister-PgInstanceService -Name other -PgCtlPath 'C:\pg\bin\pg_ctl.exe' -Confirm:$false } | Should -Throw -ErrorId 'PgCluster.NotAnInstanceService*'
        Unregister-PgInstanceService -Name nothere -PgCtlPath 'C:\pg\bin\pg_ctl.exe' -Confirm:$false
        Should -Invoke Invoke-PgNative -Times 0 -Exactly -ParameterFilter { $ArgumentList[0] -eq 'unregister' }
    }

    It 'the controller service: created through the API with its quoted command line intact, judged by SID, then deleted' {
        Mock Get-PgServiceHostPath { 'C:\Program Files\PgCluster\app\bin\pgcluster-service.exe' }
        InModuleScope PgCluster -Parameters @{ cred = $cred; services = $script:services } {
            param($cred, $services)
            $op = [pscustomobject]@{ kind = 'service.mirroring'; name = 'Mirroring_Controller_server1'; description = 'PgCluster MC server1'
                account = 'CONTOSO\symfo'; command = @('C:\node\node.exe', 'C:\app\main.js', '-M', 'D:\mc "x"'); stopCommand = @('C:\node\node.exe', 'C:\app\mc_ctl.js', 'stop'); start = 'auto' }
            (Invoke-PgOperation -Operation $op -Action Test).State | Should -Be 'absent'
            Invoke-PgOperation -Operation $op -Action Set -Credential $cred -Confirm:$false | Should -BeNullOrEmpty
            (Invoke-PgOperation -Operation $op -Action Test).State | Should -Be 'present'
            $op.start = 'demand'
            (Invoke-PgOperation -Operation $op -Action Test).State | Should -Be 'different'
            $op.start = 'auto'
            # Stored as .\symfo, wanted as VM\symfo: one SID, one account.
            $services['Mirroring_Controller_server1'].account = '.\symfo'
            $op.account = 'VM\symfo'
            (Invoke-PgOperation -Operation $op -Action Test).State | Should -Be 'present'
            $op.account = 'CONTOSO\symfo'
            (Invoke-PgOperation -Operation $op -Action Test).State | Should -Be 'different'
            $op.account = 'CONTOSO\nobody'
            $t = Invoke-PgOperation -Operation $op -Action Test
            $t.State | Should -Be 'different'
            $t.Detail | Should -BeLike '*CONTOSO\nobody does not resolve*'
            $op.account = 'CONTOSO\symfo'
            Invoke-PgOperation -Operation $op -Action Undo -Confirm:$false
            (Invoke-PgOperation -Operation $op -Action Test).State | Should -Be 'absent'
            { Invoke-PgOperation -Operation $op -Action Set -Confirm:$false } | Should -Throw '*needs the password*'
        }
        $script:requests.Count | Should -Be 1
        $r = $script:requests[0]
        $r.binpath | Should -BeExactly ('"C:\Program Files\PgCluster\app\bin\pgcluster-service.exe" "--stop-command" ' +
            '"\"C:\node\node.exe\" \"C:\app\mc_ctl.js\" \"stop\"" "--" "C:\node\node.exe" "C:\app\main.js" "-M" "D:\mc \"x\""')
        $r.start | Should -Be 'auto'
        $r.account | Should -Be 'CONTOSO\symfo'
        $r.password | Should -BeExactly 's3cret'
        $r.description | Should -Be 'PgCluster MC server1'
        Should -Invoke Invoke-PgNative -Times 1 -Exactly -ParameterFilter { ($ArgumentList -join '|') -eq 'set' -and $StandardInput.Count -eq 7 }
    }

    It 'the controller service runs as a gMSA without a credential, and without a password' {
        Mock Get-PgServiceHostPath { 'C:\pgc\bin\pgcluster-service.exe' }
        InModuleScope PgCluster {
            $op = [pscustomobject]@{ kind = 'service.mirroring'; name = 'MC_s2'; description = 'MC s2'; account = 'CONTOSO\pgsvc$'
                command = @('C:\node.exe', 'C:\main.js'); stopCommand = @('C:\node.exe', 'C:\mc_ctl.js', 'stop'); start = 'demand' }
            Invoke-PgOperation -Operation $op -Action Set -Confirm:$false
            (Invoke-PgOperation -Operation $op -Action Test).State | Should -Be 'present'
        }
        $script:requests[0].ContainsKey('password') | Should -BeFalse
        $script:requests[0].account | Should -Be 'CONTOSO\pgsvc$'
    }
}

# Invoke-PgNative runs real programs here (sh, pwsh) and must keep passwords out of its verbose
# output. It judges a program by its exit code only: a line on standard error must never throw,
# whatever $ErrorActionPreference the caller has (the Node bridge sets 'Stop').
BeforeAll {
    $repo = (Resolve-Path -LiteralPath "$PSScriptRoot/../../../..").ProviderPath
    $script:manifest = Join-Path $repo 'ps-module/PgCluster/PgCluster.psd1'
    Import-Module $script:manifest -Force
}

AfterAll {
    Remove-Module PgCluster -Force -ErrorAction SilentlyContinue
}

Describe 'Invoke-PgNative' {
    It 'returns the exit code and the output lines of a real program' {
        InModuleScope PgCluster {
            $r = Invoke-PgNative -FilePath 'sh' -ArgumentList @('-c', 'printf "a\nb\n"; exit 3')
            $r.ExitCode | Should -Be 3
            $r.Output | Should -Be @('a', 'b')
            $r.StdOut | Should -Be @('a', 'b')
            $r.StdErr.Count | Should -Be 0
        }
    }

    It 'masks pg_ctl -P, sc.exe password= and --password= in verbose output' {
        InModuleScope PgCluster {
            $verbose = Invoke-PgNative -FilePath 'sh' -ArgumentList @('-c', 'exit 0', '-P', 'sec1', 'password=', 'sec2', '--password=sec3', '-p', '5432') -Verbose 4>&1 |
                Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
            $text = ($verbose | ForEach-Object { $_.Message }) -join "`n"
            $text | Should -Not -Match 'sec1|sec2|sec3'
            $text | Should -Match ([regex]::Escape('-P ***** password= ***** --password=***** -p 5432'))
        }
    }
}

Describe 'Invoke-PgNative and standard error under $ErrorActionPreference = Stop' {
    It 'a program that writes to stderr and fails: no exception, exit code 3, stderr kept apart' {
        InModuleScope PgCluster {
            $ErrorActionPreference = 'Stop'
            # An exception here fails the test.
            $r = Invoke-PgNative -FilePath '/bin/sh' -ArgumentList @('-c', 'echo out; echo err >&2; exit 3')
            $r.ExitCode | Should -Be 3
            $r.StdErr | Should -Be @('err')
            $r.StdOut | Should -Be @('out')
            # Both streams in Output, as strings (callers join them into their messages); the order
            # across the two streams is up to the pipes, so only membership is checked.
            $r.Output | Should -Contain 'out'
            $r.Output | Should -Contain 'err'
            $r.Output.Count | Should -Be 2
            @($r.Output | Where-Object { $_ -isnot [string] }).Count | Should -Be 0
            $ErrorActionPreference | Should -Be 'Stop' -Because "the caller's preference is restored"
        }
    }

    It 'a program that writes to stderr and succeeds: exit code 0, the stderr line is not an error' {
        InModuleScope PgCluster {
            $ErrorActionPreference = 'Stop'
            $r = Invoke-PgNative -FilePath '/bin/sh' -ArgumentList @('-c', 'echo out; echo "harmless notice" >&2; exit 0')
            $r.ExitCode | Should -Be 0
            $r.StdErr | Should -Be @('harmless notice')
            $r.Output | Should -Contain 'out'
            $r.Output | Should -Contain 'harmless notice'
        }
    }

    It 'ignores $PSNativeCommandUseErrorActionPreference = $true of the caller (a non-zero exit does not throw)' {
        # PowerShell 7.3+: with this preference and 'Stop', a non-zero exit code throws
        # NativeCommandExitException (about_Preference_Variables) -- as close as pwsh 7 gets to the
        # 5.1 behaviour, where the stderr line itself throws.
        InModuleScope PgCluster {
            $ErrorActionPreference = 'Stop'
            $PSNativeCommandUseErrorActionPreference = $true
            $r = Invoke-PgNative -FilePath '/bin/sh' -ArgumentList @('-c', 'echo out; echo err >&2; exit 3')
            $r.ExitCode | Should -Be 3
            $r.StdErr | Should -Be @('err')
            $r.Output.Count | Should -Be 2 -Because 'no "ended with non-zero exit code" record is added to the output'
            $PSNativeCommandUseErrorActionPreference | Should -BeTrue -Because "the caller's preference is restored"
        }
    }

    It 'an error record on the error stream under Stop does not throw (the Windows PowerShell 5.1 mechanism, simulated)' {
        # In 5.1 each stderr line of a native program, redirected with 2>&1, is written to the error
        # stream as an ErrorRecord and 'Stop' applies to it. pwsh 7.2+ no longer does that for native
        # programs, so a script that writes an error record and exits 3 stands in for the program.
        $fake = Join-Path $TestDrive 'fake-native.ps1'
        Set-Content -LiteralPath $fake -Value @(
            "Write-Output 'out'"
            "Write-Error -Message 'err'"
            'exit 3'
        )
        InModuleScope PgCluster -Parameters @{ Fake = $fake } {
            param ($Fake)
            $ErrorActionPreference = 'Stop'
            $r = Invoke-PgNative -FilePath $Fake
            $r.ExitCode | Should -Be 3
            $r.StdErr | Should -Be @('err')
            $r.Output | Should -Be @('out', 'err')
        }
    }

    It 'a program that cannot be started still throws, even where no caller has a try block' {
        # Under 'Continue' a statement-terminating error with no enclosing try is reported and the
        # script goes on (with a stale $LASTEXITCODE). Pester wraps every test in try, so a fresh
        # runspace runs the call at top level: the script must stop before 'CONTINUED'.
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$script:manifest'; `$ErrorActionPreference = 'Stop'; " +
                "& (Get-Module PgCluster) { `$null = Invoke-PgNative -FilePath '/nonexistent/pgcluster-no-such-program' }; 'CONTINUED'")
            $out = $null
            $thrown = $null
            try {
                $out = $ps.Invoke()
            }
            catch {
                $thrown = $_.Exception.InnerException
            }
            @($out) | Should -Not -Contain 'CONTINUED'
            $thrown | Should -Not -BeNullOrEmpty
            $thrown.ToString() | Should -Match 'pgcluster-no-such-program'
        }
        finally {
            $ps.Dispose()
        }
    }

    It 'a program that cannot be started throws CommandNotFoundException to a caller with a try' {
        InModuleScope PgCluster {
            $ErrorActionPreference = 'Stop'
            { Invoke-PgNative -FilePath '/nonexistent/pgcluster-no-such-program' } |
                Should -Throw -ExceptionType ([System.Management.Automation.CommandNotFoundException])
        }
    }
}

Describe 'Invoke-PgNodeTool reads the answer from standard output only' {
    It 'parses the --json answer when the helper also writes a line with braces to stderr' {
        $fakeNode = Join-Path $TestDrive 'fake-node'
        Set-Content -LiteralPath $fakeNode -Value @(
            '#!/bin/sh'
            'echo "(node:1) Warning: {not json}" >&2'
            'sleep 0.2'
            'echo ''{ "ok": true, "answer": 42 }'''
        )
        & chmod 755 $fakeNode
        $saved = $env:PGCLUSTER_NODE
        $env:PGCLUSTER_NODE = $fakeNode
        try {
            InModuleScope PgCluster {
                $ErrorActionPreference = 'Stop'
                $answer = Invoke-PgNodeTool -Tool 'mc_ctl' -ArgumentList @('status')
                $answer.answer | Should -Be 42
            }
        }
        finally {
            $env:PGCLUSTER_NODE = $saved
        }
    }
}

# Invoke-PgNative runs a real program here (the shell's printf) and must keep passwords out of
# its verbose output.
BeforeAll {
    $repo = (Resolve-Path -LiteralPath "$PSScriptRoot/../../../..").ProviderPath
    Import-Module (Join-Path $repo 'ps-module/PgCluster/PgCluster.psd1') -Force
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

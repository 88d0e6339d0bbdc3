BeforeAll {
    $repo = (Resolve-Path -LiteralPath "$PSScriptRoot/../../../..").ProviderPath
    Import-Module (Join-Path $repo 'ps-module/PgCluster/PgCluster.psd1') -Force
}

AfterAll {
    Remove-Module PgCluster -Force -ErrorAction SilentlyContinue
}

Describe 'Resolve-PgLocalServer' {
    It 'prefers the identifier given, then the one mc_ctl status names, else nothing' {
        InModuleScope PgCluster {
            $answer = '{ "ok": true, "localServer": "server2", "status": {} }' | ConvertFrom-Json
            Resolve-PgLocalServer -Answer $answer -LocalServer 'server1' | Should -Be 'server1'
            Resolve-PgLocalServer -Answer $answer | Should -Be 'server2'
            Resolve-PgLocalServer -Answer ('{ "ok": true, "status": {} }' | ConvertFrom-Json) | Should -BeNullOrEmpty
        }
    }

    It 'lets Get-PgLocalControllerState answer the case that is ambiguous without it' {
        InModuleScope PgCluster {
            # The peer answers: one controller running, one stopped - which one is this server?
            $answer = '{ "ok": true, "localServer": "server2", "status": { "answeredBy": "server1", "controllers": { "server1": "running", "server2": "stopped" } } }' | ConvertFrom-Json
            Get-PgLocalControllerState -Status $answer.status | Should -Be 'unknown'
            Get-PgLocalControllerState -Status $answer.status -LocalServer (Resolve-PgLocalServer -Answer $answer) | Should -Be 'stopped'
        }
    }
}

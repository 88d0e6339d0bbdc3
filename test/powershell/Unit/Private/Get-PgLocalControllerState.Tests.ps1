BeforeAll {
    $root = "$PSScriptRoot/../../../../ps-module/PgCluster"
    if (Test-Path -LiteralPath "$root/PgCluster.psd1") {
        Import-Module "$root/PgCluster.psd1" -Force
    }
    else {
        Import-Module "$root/PgCluster.psm1" -Force
    }
}

Describe 'Get-PgLocalControllerState' {
    It 'reads <Expected> from <Json> (local server <Local>)' -ForEach @(
        @{ Json = '{"answeredBy":"server1","controllers":{"server1":"running","server2":"running"}}'; Local = ''; Expected = 'running' }
        @{ Json = '{"answeredBy":"server1","controllers":{"server1":"running","server2":"unreachable"}}'; Local = ''; Expected = 'running' }
        @{ Json = '{"answeredBy":"server1 (files only)","controllers":{"server1":"stopped","server2":"unreachable"}}'; Local = ''; Expected = 'stopped' }
        @{ Json = '{"answeredBy":"server2","controllers":{"server1":"stopped","server2":"running"}}'; Local = ''; Expected = 'unknown' }
        @{ Json = '{"answeredBy":"server2","controllers":{"server1":"stopped","server2":"running"}}'; Local = 'server1'; Expected = 'stopped' }
        @{ Json = '{"answeredBy":"server1","controllers":{"server1":"running","server2":"stopped"}}'; Local = 'server1'; Expected = 'running' }
        @{ Json = '{"answeredBy":"server1","controllers":{"server1":"running","server2":"unreachable"}}'; Local = 'server2'; Expected = 'unknown' }
    ) {
        $status = $Json | ConvertFrom-Json
        InModuleScope PgCluster -Parameters @{ Status = $status; Local = $Local } {
            Get-PgLocalControllerState -Status $Status -LocalServer $Local
        } | Should -Be $Expected
    }
}

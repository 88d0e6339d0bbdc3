BeforeAll {
    $root = "$PSScriptRoot/../../../../ps-module/PgCluster"
    if (Test-Path -LiteralPath "$root/PgCluster.psd1") {
        Import-Module "$root/PgCluster.psd1" -Force
    }
    else {
        Import-Module "$root/PgCluster.psm1" -Force
    }
}

Describe 'Edit-PgPrivilegeRightLine and Get-PgPrivilegeRightMember (secedit .inf text)' {
    BeforeAll {
        $script:sid = 'S-1-5-21-1004336348-1177238915-682003330-1001'
        $script:export = @(
            '[Unicode]',
            'Unicode=yes',
            '[System Access]',
            'MinimumPasswordAge = 1',
            '[Version]',
            'signature="$CHICAGO$"',
            'Revision=1',
            '[Privilege Rights]',
            'SeNetworkLogonRight = *S-1-1-0,*S-1-5-32-544,*S-1-5-32-545,*S-1-5-32-551',
            'SeServiceLogonRight = *S-1-5-80-0,DB2USER',
            'SeInteractiveLogonRight = Guest,*S-1-5-32-544'
        )
    }

    It 'appends ,*SID to the existing line and keeps every other line and the headers' {
        $out = InModuleScope PgCluster -Parameters @{ Content = $script:export; Sid = $script:sid } {
            Edit-PgPrivilegeRightLine -Content $Content -Sid $Sid
        }
        $out.Count | Should -Be $script:export.Count
        $out[9] | Should -Be "SeServiceLogonRight = *S-1-5-80-0,DB2USER,*$($script:sid)"
        $out[0..8] | Should -Be $script:export[0..8]
        $out[10] | Should -Be $script:export[10]
    }

    It 'leaves the text as it is when the SID is already there' {
        $text = $script:export -replace '^SeServiceLogonRight = .*$', "SeServiceLogonRight = *$($script:sid)"
        $out = InModuleScope PgCluster -Parameters @{ Content = $text; Sid = $script:sid } {
            Edit-PgPrivilegeRightLine -Content $Content -Sid $Sid
        }
        $out | Should -Be $text
    }

    It 'adds the line at the end of [Privilege Rights] when it is missing' {
        $text = @('[Unicode]', 'Unicode=yes', '[Privilege Rights]', 'SeBackupPrivilege = *S-1-5-32-544', '', '[Version]', 'signature="$CHICAGO$"', 'Revision=1')
        $out = InModuleScope PgCluster -Parameters @{ Content = $text; Sid = $script:sid } {
            Edit-PgPrivilegeRightLine -Content $Content -Sid $Sid
        }
        $out | Should -Be @('[Unicode]', 'Unicode=yes', '[Privilege Rights]', 'SeBackupPrivilege = *S-1-5-32-544', "SeServiceLogonRight = *$($script:sid)", '', '[Version]', 'signature="$CHICAGO$"', 'Revision=1')
    }

    It 'adds the section when the export has none' {
        $text = @('[Unicode]', 'Unicode=yes', '[Version]', 'signature="$CHICAGO$"', 'Revision=1')
        $out = InModuleScope PgCluster -Parameters @{ Content = $text; Sid = $script:sid } {
            Edit-PgPrivilegeRightLine -Content $Content -Sid $Sid
        }
        $out | Should -Be ($text + @('[Privilege Rights]', "SeServiceLogonRight = *$($script:sid)"))
    }

    It 'fills an empty right' {
        $text = @('[Privilege Rights]', 'SeServiceLogonRight =')
        $out = InModuleScope PgCluster -Parameters @{ Content = $text; Sid = $script:sid } {
            Edit-PgPrivilegeRightLine -Content $Content -Sid $Sid
        }
        $out | Should -Be @('[Privilege Rights]', "SeServiceLogonRight = *$($script:sid)")
    }

    It 'does not touch a same-named key outside [Privilege Rights]' {
        $text = @('[Other]', 'SeServiceLogonRight = x', '[Privilege Rights]', 'SeServiceLogonRight = *S-1-5-80-0')
        $out = InModuleScope PgCluster -Parameters @{ Content = $text; Sid = $script:sid } {
            Edit-PgPrivilegeRightLine -Content $Content -Sid $Sid
        }
        $out[1] | Should -Be 'SeServiceLogonRight = x'
        $out[3] | Should -Be "SeServiceLogonRight = *S-1-5-80-0,*$($script:sid)"
    }

    It 'lists the members of a right as written' {
        $members = InModuleScope PgCluster -Parameters @{ Content = $script:export } {
            Get-PgPrivilegeRightMember -Content $Content -Right 'SeServiceLogonRight'
        }
        $members | Should -Be @('*S-1-5-80-0', 'DB2USER')
    }

    It 'lists no members when the right is absent' {
        $members = InModuleScope PgCluster { Get-PgPrivilegeRightMember -Content @('[Privilege Rights]') }
        @($members).Count | Should -Be 0
    }

    It 'resolves a SID given as the account without Windows' {
        InModuleScope PgCluster { Resolve-PgAccountSid -Account '*S-1-5-80-0' } | Should -Be 'S-1-5-80-0'
    }
}

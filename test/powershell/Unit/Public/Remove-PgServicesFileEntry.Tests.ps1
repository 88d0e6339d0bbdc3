BeforeAll {
    $root = "$PSScriptRoot/../../../../ps-module/PgCluster"
    if (Test-Path -LiteralPath "$root/PgCluster.psd1") {
        Import-Module "$root/PgCluster.psd1" -Force
    }
    else {
        Import-Module "$root/PgCluster.psm1" -Force
    }
    # The head and a few lines of Windows' own services file, with CRLF line endings.
    $script:original = @(
        '# Copyright (c) 1993-2004 Microsoft Corp.',
        '#',
        '# <service name>  <port number>/<protocol>  [aliases...]   [#<comment>]',
        '#',
        '',
        'echo                7/tcp',
        'echo                7/udp',
        'ftp                21/tcp                           #FTP, control',
        'postgresql       5432/tcp    postgres               #PostgreSQL',
        'pgcluster-old    27540/tcp                          #stale entry'
    ) -join "`r`n"
    $script:original += "`r`n"
}

Describe 'Remove-PgServicesFileEntry' {
    BeforeEach {
        $script:file = Join-Path -Path $TestDrive -ChildPath 'services'
        Remove-Item -LiteralPath "$($script:file).bak" -ErrorAction SilentlyContinue
        [System.IO.File]::WriteAllText($script:file, $script:original)
    }

    It 'removes the tcp line and keeps every other line, CRLF and the final newline' {
        Remove-PgServicesFileEntry -Name 'pgcluster-old' -Path $script:file -Force
        $expected = ($script:original -split "`r`n")[0..8] -join "`r`n"
        [System.IO.File]::ReadAllText($script:file) | Should -Be "$expected`r`n"
        [System.IO.File]::ReadAllText("$($script:file).bak") | Should -Be $script:original
    }

    It 'keeps the udp entry of a name' {
        Remove-PgServicesFileEntry -Name 'echo' -Path $script:file -Force
        $left = @(Get-PgServicesFileEntry -Name 'echo' -Path $script:file)
        $left.Count | Should -Be 1
        $left[0].Protocol | Should -Be 'udp'
    }

    It 'is not an error, and writes nothing, when the name is absent' {
        { Remove-PgServicesFileEntry -Name 'nothere' -Path $script:file -Force -ErrorAction Stop } | Should -Not -Throw
        [System.IO.File]::ReadAllText($script:file) | Should -Be $script:original
        Test-Path -LiteralPath "$($script:file).bak" | Should -BeFalse
    }

    It 'writes nothing with -WhatIf' {
        Remove-PgServicesFileEntry -Name 'pgcluster-old' -Path $script:file -WhatIf
        [System.IO.File]::ReadAllText($script:file) | Should -Be $script:original
    }

    It 'takes entries from Get-PgServicesFileEntry on the pipeline' {
        Get-PgServicesFileEntry -Name 'pgcluster-*', 'ftp' -Path $script:file | Remove-PgServicesFileEntry -Force
        @(Get-PgServicesFileEntry -Path $script:file).Name | Should -Be @('echo', 'echo', 'postgresql')
    }

    It 'raises PgCluster.ServicesFileWriteFailed when the file cannot be written' {
        Mock -ModuleName PgCluster Write-PgServicesFile { throw 'Access to the path is denied.' }
        { Remove-PgServicesFileEntry -Name 'pgcluster-old' -Path $script:file -Force -ErrorAction Stop } | Should -Throw -ErrorId 'PgCluster.ServicesFileWriteFailed*'
    }
}

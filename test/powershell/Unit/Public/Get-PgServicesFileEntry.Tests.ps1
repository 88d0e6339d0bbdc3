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

Describe 'Get-PgServicesFileEntry' {
    BeforeEach {
        $script:file = Join-Path -Path $TestDrive -ChildPath 'services'
        [System.IO.File]::WriteAllText($script:file, $script:original)
    }

    It 'returns one PgCluster.ServicesFileEntry per entry line, skipping comments and blanks' {
        $entries = @(Get-PgServicesFileEntry -Path $script:file)
        $entries.Count | Should -Be 5
        $entries[0].PSObject.TypeNames[0] | Should -Be 'PgCluster.ServicesFileEntry'
        $pg = $entries | Where-Object -Property Name -EQ 'postgresql'
        $pg.Port | Should -Be 5432
        $pg.Protocol | Should -Be 'tcp'
        $pg.Comment | Should -Be 'PostgreSQL'
        $pg.Aliases | Should -Be @('postgres')
        $pg.Line | Should -Be 9
        $pg.Path | Should -Be $script:file
    }

    It 'filters by name, alias or wildcard' {
        @(Get-PgServicesFileEntry -Name 'echo' -Path $script:file).Count | Should -Be 2
        (Get-PgServicesFileEntry -Name 'postgres' -Path $script:file).Name | Should -Be 'postgresql'
        (Get-PgServicesFileEntry -Name 'pgcluster-*' -Path $script:file).Port | Should -Be 27540
    }

    It 'gives nothing and no error for a name that is not there' {
        Get-PgServicesFileEntry -Name 'nothere' -Path $script:file -ErrorAction Stop | Should -BeNullOrEmpty
    }

    It 'takes names from the pipeline' {
        @('ftp', 'postgresql' | Get-PgServicesFileEntry -Path $script:file).Count | Should -Be 2
    }

    It 'raises PgCluster.ServicesFileNotFound for a missing file' {
        { Get-PgServicesFileEntry -Path (Join-Path -Path $TestDrive -ChildPath 'none') -ErrorAction Stop } | Should -Throw -ErrorId 'PgCluster.ServicesFileNotFound*'
    }
}

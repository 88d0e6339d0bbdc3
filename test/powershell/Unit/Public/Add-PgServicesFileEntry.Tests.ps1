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

Describe 'Add-PgServicesFileEntry' {
    BeforeEach {
        $script:file = Join-Path -Path $TestDrive -ChildPath 'services'
        Remove-Item -LiteralPath "$($script:file).bak" -ErrorAction SilentlyContinue
        [System.IO.File]::WriteAllText($script:file, $script:original)
    }

    It 'appends the entry, keeps every other line and CRLF, and ends with a newline' {
        $entry = Add-PgServicesFileEntry -Name 'pgcluster-mc-server1' -Port 27541 -Comment 'PgCluster Mirroring Controller server1' -Path $script:file -Force
        $text = [System.IO.File]::ReadAllText($script:file)
        $text.StartsWith($script:original) | Should -BeTrue
        $text | Should -Match "`r`npgcluster-mc-server1\s+27541/tcp\s+# PgCluster Mirroring Controller server1`r`n$"
        $text.Replace("`r`n", '').Contains("`n") | Should -BeFalse
        $entry.PSObject.TypeNames[0] | Should -Be 'PgCluster.ServicesFileEntry'
        $entry.Name | Should -Be 'pgcluster-mc-server1'
        $entry.Port | Should -Be 27541
        $entry.Protocol | Should -Be 'tcp'
        $entry.Comment | Should -Be 'PgCluster Mirroring Controller server1'
        $entry.Line | Should -Be 11
        $entry.Path | Should -Be $script:file
    }

    It 'writes ASCII with no byte order mark' {
        $null = Add-PgServicesFileEntry -Name 'pgcluster-mc-server1' -Port 27541 -Comment 'mc' -Path $script:file -Force
        $bytes = [System.IO.File]::ReadAllBytes($script:file)
        $bytes[0] | Should -Be ([byte][char]'#')
        @($bytes | Where-Object -FilterScript { $_ -gt 127 -or $_ -eq 0 }).Count | Should -Be 0
    }

    It 'keeps a .bak of the original once, before the first change only' {
        $null = Add-PgServicesFileEntry -Name 'pgcluster-a' -Port 27541 -Comment 'a' -Path $script:file -Force
        $null = Add-PgServicesFileEntry -Name 'pgcluster-b' -Port 27542 -Comment 'b' -Path $script:file -Force
        [System.IO.File]::ReadAllText("$($script:file).bak") | Should -Be $script:original
    }

    It 'changes nothing when the name already holds the port' {
        $null = Add-PgServicesFileEntry -Name 'pgcluster-old' -Port 27540 -Comment 'x' -Path $script:file -Force
        [System.IO.File]::ReadAllText($script:file) | Should -Be $script:original
        Test-Path -LiteralPath "$($script:file).bak" | Should -BeFalse
    }

    It 'is idempotent: a second run leaves the file as the first one wrote it' {
        $null = Add-PgServicesFileEntry -Name 'pgcluster-mc-server1' -Port 27541 -Comment 'mc' -Path $script:file -Force
        $first = [System.IO.File]::ReadAllText($script:file)
        $again = Add-PgServicesFileEntry -Name 'pgcluster-mc-server1' -Port 27541 -Comment 'mc' -Path $script:file -Force
        [System.IO.File]::ReadAllText($script:file) | Should -Be $first
        $again.Port | Should -Be 27541
    }

    It 'corrects the port of the same name in place' {
        $entry = Add-PgServicesFileEntry -Name 'pgcluster-old' -Port 27600 -Comment 'moved' -Path $script:file -Force
        $lines = [System.IO.File]::ReadAllText($script:file) -split "`r`n"
        $lines[9] | Should -Match '^pgcluster-old\s+27600/tcp\s+# moved$'
        $lines.Count | Should -Be 11
        $entry.Line | Should -Be 10
    }

    It 'raises PgCluster.ServicesPortTaken naming the line when another name holds the port' {
        { Add-PgServicesFileEntry -Name 'pgcluster-mc' -Port 5432 -Comment 'x' -Path $script:file -Force -ErrorAction Stop } |
            Should -Throw -ErrorId 'PgCluster.ServicesPortTaken*' -ExpectedMessage '*postgresql*:9*5432/tcp*'
        [System.IO.File]::ReadAllText($script:file) | Should -Be $script:original
    }

    It 'does not count a udp entry of that port as taken' {
        { Add-PgServicesFileEntry -Name 'pgcluster-x' -Port 7 -Comment 'x' -Path $script:file -Force -ErrorAction Stop } |
            Should -Throw -ErrorId 'PgCluster.ServicesPortTaken*'
        [System.IO.File]::WriteAllText($script:file, "echo 7/udp`r`n")
        $null = Add-PgServicesFileEntry -Name 'pgcluster-x' -Port 7 -Comment 'x' -Path $script:file -Force
        @(Get-PgServicesFileEntry -Name 'pgcluster-x' -Path $script:file).Count | Should -Be 1
    }

    It 'writes nothing with -WhatIf' {
        Add-PgServicesFileEntry -Name 'pgcluster-mc' -Port 27541 -Comment 'x' -Path $script:file -WhatIf | Should -BeNullOrEmpty
        [System.IO.File]::ReadAllText($script:file) | Should -Be $script:original
        Test-Path -LiteralPath "$($script:file).bak" | Should -BeFalse
    }

    It 'keeps LF line endings in a file that uses them' {
        [System.IO.File]::WriteAllText($script:file, "ftp 21/tcp`nssh 22/tcp")
        $null = Add-PgServicesFileEntry -Name 'pgcluster-mc' -Port 27541 -Comment 'x' -Path $script:file -Force
        [System.IO.File]::ReadAllText($script:file) | Should -Match "^ftp 21/tcp`nssh 22/tcp`npgcluster-mc +27541/tcp +# x`n$"
    }

    It 'takes Name, Port, Comment and Path from the pipeline by property name' {
        $rows = @(
            [pscustomobject]@{ Name = 'pgcluster-a'; Port = 27541; Comment = 'a'; Path = $script:file },
            [pscustomobject]@{ Name = 'pgcluster-b'; Port = 27542; Comment = 'b'; Path = $script:file }
        )
        $out = @($rows | Add-PgServicesFileEntry -Force)
        $out.Count | Should -Be 2
        @(Get-PgServicesFileEntry -Name 'pgcluster-?' -Path $script:file).Count | Should -Be 2
    }

    It 'is a Medium-impact command' {
        $meta = [System.Management.Automation.CommandMetadata]::new((Get-Command -Name Add-PgServicesFileEntry))
        $meta.ConfirmImpact | Should -Be 'Medium'
    }
}

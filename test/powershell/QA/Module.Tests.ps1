<#
    Static quality checks of ps-module/PgCluster (and of the PowerShell scripts around it) with the
    real PowerShell parser and AST. The rules live in ModuleRules.psm1 and are proven to fail on
    bad input by ModuleRules.Tests.ps1. A failing test prints one line per finding:
        <file>:<line>:<column>: [<Rule>] <what is wrong and what to change>
#>

BeforeDiscovery {
    $repoRoot = (Resolve-Path -LiteralPath (Join-Path -Path $PSScriptRoot -ChildPath '../../..')).ProviderPath
    Import-Module -Name (Join-Path -Path $PSScriptRoot -ChildPath 'ModuleRules.psm1') -Force

    $moduleRoot = Join-Path -Path (Join-Path -Path $repoRoot -ChildPath 'ps-module') -ChildPath 'PgCluster'
    $layout = Get-PgQAModuleLayout -ModuleRoot $moduleRoot
    $fixtures = Join-Path -Path $PSScriptRoot -ChildPath 'Fixtures'

    function ConvertTo-QACase {
        param ([string[]] $Path)
        foreach ($p in ($Path | Sort-Object -Unique)) {
            @{
                Path         = $p
                RelativePath = Get-PgQARelativePath -Path $p -BasePath $repoRoot
                Name         = [System.IO.Path]::GetFileNameWithoutExtension($p)
            }
        }
    }

    function Get-QAScriptFile {
        param ([string] $Folder, [switch] $NoRecurse)
        if (-not (Test-Path -LiteralPath $Folder -PathType Container)) {
            return
        }
        $items = if ($NoRecurse) {
            Get-ChildItem -LiteralPath $Folder -File
        }
        else {
            Get-ChildItem -LiteralPath $Folder -File -Recurse
        }
        $items | Where-Object -FilterScript {
            $_.Extension -in @('.ps1', '.psm1', '.psd1') -and
            -not $_.FullName.StartsWith($fixtures, [System.StringComparison]::OrdinalIgnoreCase)
        } | ForEach-Object -Process { $_.FullName }
    }

    $psTestRoot = Join-Path -Path $repoRoot -ChildPath 'test/powershell'
    $scriptsRoot = Join-Path -Path $repoRoot -ChildPath 'scripts'

    # Every PowerShell file must parse.
    $parseCases = @(ConvertTo-QACase -Path @(
            @(Get-QAScriptFile -Folder (Join-Path -Path $repoRoot -ChildPath 'ps-module'))
            @(Get-QAScriptFile -Folder $scriptsRoot)
            @(Get-QAScriptFile -Folder $psTestRoot)
        ))

    # Windows PowerShell 5.1 compatibility: the module, scripts/*.ps1, and the QA tooling itself
    # (runner, rules, stubs) which must run on 5.1 too. The lead's unit tests are not held to it.
    $compatCases = @(ConvertTo-QACase -Path @(
            @(Get-QAScriptFile -Folder (Join-Path -Path $repoRoot -ChildPath 'ps-module'))
            @(Get-QAScriptFile -Folder $scriptsRoot -NoRecurse | Where-Object -FilterScript { $_ -like '*.ps1' })
            @(Get-QAScriptFile -Folder $psTestRoot -NoRecurse)
            @(Get-QAScriptFile -Folder (Join-Path -Path $psTestRoot -ChildPath 'QA') -NoRecurse)
            @(Get-QAScriptFile -Folder (Join-Path -Path $psTestRoot -ChildPath 'Stubs') -NoRecurse)
        ))

    $exemptionCases = @(Get-PgQAExemption | ForEach-Object -Process { @{ Rule = $_.Rule; Path = $_.Path; Reason = $_.Reason } })
    $formatCases = @(ConvertTo-QACase -Path $layout.TextFiles)
    $moduleScriptCases = @(ConvertTo-QACase -Path @($layout.ScriptFiles | Where-Object -FilterScript { $_ -notlike '*.psd1' }))
    $publicCases = @(ConvertTo-QACase -Path $layout.PublicFiles)
    $privateCases = @(ConvertTo-QACase -Path $layout.PrivateFiles)

    $exported = @(Get-PgQAExportedFunction -Layout $layout)
    if ($exported.Count -eq 0) {
        $exported = @($layout.PublicNames)
    }
    $exportedCases = @($exported | Sort-Object -Unique | ForEach-Object -Process { @{ Name = $_ } })
}

BeforeAll {
    $repoRoot = (Resolve-Path -LiteralPath (Join-Path -Path $PSScriptRoot -ChildPath '../../..')).ProviderPath
    Import-Module -Name (Join-Path -Path $PSScriptRoot -ChildPath 'ModuleRules.psm1') -Force
    $moduleRoot = Join-Path -Path (Join-Path -Path $repoRoot -ChildPath 'ps-module') -ChildPath 'PgCluster'
    $layout = Get-PgQAModuleLayout -ModuleRoot $moduleRoot
    $unitRoot = Join-Path -Path (Join-Path -Path $repoRoot -ChildPath 'test/powershell') -ChildPath 'Unit'
}

AfterAll {
    Remove-Module -Name ModuleRules -Force -ErrorAction SilentlyContinue
}

Describe 'Every PowerShell file parses (ps-module, scripts, test/powershell)' {
    It '<RelativePath> parses without errors' -ForEach $parseCases {
        Assert-PgQANoFinding -Finding (Test-PgQAParse -Path $Path) -BasePath $repoRoot
    }
}

Describe 'Windows PowerShell 5.1 compatibility' {
    It '<RelativePath> uses no PowerShell 6/7-only syntax, commands, parameters or variables' -ForEach $compatCases {
        Assert-PgQANoFinding -Finding (Test-PgQAWindowsPowerShellCompatibility -Path $Path) -BasePath $repoRoot
    }
}

Describe 'Exemptions from the Windows PowerShell 5.1 compatibility rule' {
    # A stale exemption (its file gone or fixed) fails here, so it is removed with the code it excuses.
    It '<Rule> in <Path> is still needed (<Reason>)' -ForEach $exemptionCases {
        $file = Join-Path -Path $repoRoot -ChildPath $Path
        Test-Path -LiteralPath $file -PathType Leaf | Should -BeTrue -Because 'an exemption must name an existing file'
        $hits = @(Test-PgQAWindowsPowerShellCompatibility -Path $file -Exemption @() | Where-Object -FilterScript { $_.Rule -eq $Rule })
        $hits.Count | Should -BeGreaterThan 0 -Because "the exemption is stale once $Path no longer triggers $Rule; delete it from ModuleRules.psm1"
    }
}

Describe 'ps-module file format (ASCII only, no BOM, no trailing whitespace, no tabs)' {
    It '<RelativePath> is plain ASCII without trailing whitespace or tabs' -ForEach $formatCases {
        Assert-PgQANoFinding -Finding (Test-PgQAFileFormat -Path $Path) -BasePath $repoRoot
    }
}

Describe 'ps-module code hygiene' {
    It '<RelativePath> calls no aliases, Write-Host or Invoke-Expression' -ForEach $moduleScriptCases {
        Assert-PgQANoFinding -Finding (Test-PgQACommandUsage -Path $Path) -BasePath $repoRoot
    }

    It '<RelativePath> takes passwords as [SecureString] and credentials as [PSCredential]' -ForEach $moduleScriptCases {
        Assert-PgQANoFinding -Finding (Test-PgQACredentialParameter -Path $Path) -BasePath $repoRoot
    }
}

Describe 'Public function <Name>' -ForEach $publicCases {
    It 'is the only function in <RelativePath>, named as the file, with an approved verb and a Pg noun' {
        Assert-PgQANoFinding -Finding (Test-PgQAFunctionFile -Path $Path -Kind Public) -BasePath $repoRoot
    }

    It 'has [CmdletBinding()], [OutputType()] and complete comment-based help' {
        Assert-PgQANoFinding -Finding (Test-PgQAPublicFunctionContract -Path $Path) -BasePath $repoRoot
    }

    It 'supports -WhatIf/-Confirm exactly when its verb changes state' {
        Assert-PgQANoFinding -Finding (Test-PgQAShouldProcess -Path $Path -PrivatePath $layout.PrivateFiles) -BasePath $repoRoot
    }
}

Describe 'Private function <Name>' -ForEach $privateCases {
    It 'is the only function in <RelativePath> and named as the file' {
        Assert-PgQANoFinding -Finding (Test-PgQAFunctionFile -Path $Path -Kind Private) -BasePath $repoRoot
    }
}

Describe 'Module manifest PgCluster.psd1' {
    It 'exports exactly the Public functions through a literal list, nothing else, for 5.1 Desktop and Core' {
        Assert-PgQANoFinding -Finding (Test-PgQAManifest -Layout $layout) -BasePath $repoRoot
    }

    It 'imports with Import-Module -Force and Get-Command -Module PgCluster equals FunctionsToExport' {
        Assert-PgQANoFinding -Finding (Test-PgQAModuleImport -Layout $layout) -BasePath $repoRoot
    }
}

Describe 'Format views (PgCluster.Format.ps1xml)' {
    It 'is valid XML, every emitted PgCluster.* type has a view and every view is used' {
        Assert-PgQANoFinding -Finding (Test-PgQAFormatView -Layout $layout -Prefix 'PgCluster.') -BasePath $repoRoot
    }
}

Describe 'Conceptual help en-US/about_PgCluster.help.txt' {
    It 'exists, has the TOPIC/about_PgCluster header and mentions every exported function' {
        $exported = @(Get-PgQAExportedFunction -Layout $layout)
        Assert-PgQANoFinding -Finding (Test-PgQAAboutHelp -Layout $layout -ExportedFunction $exported) -BasePath $repoRoot
    }
}

Describe 'Unit tests cover the exported commands' {
    It '<Name> is called by a test under test/powershell/Unit' -ForEach $exportedCases {
        Assert-PgQANoFinding -Finding (Test-PgQAUnitCoverage -Layout $layout -UnitTestRoot $unitRoot -ExportedFunction @($Name)) -BasePath $repoRoot
    }
}

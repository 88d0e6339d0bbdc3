<#
    Tests of the QA rules themselves: every rule of ModuleRules.psm1 runs against deliberately
    broken fixtures (Fixtures/) and must report exactly the findings the fixtures declare (an
    "expect: <Rule>" comment on the offending line, or a line of expected-findings.txt), nothing
    more; the Good fixture must produce no finding at all. A meta-test checks that every rule id
    the rules can emit is expected by at least one fixture, so no check is left unable to fail.
#>

BeforeDiscovery {
    Import-Module -Name (Join-Path -Path $PSScriptRoot -ChildPath 'ModuleRules.psm1') -Force
    $fixtures = Join-Path -Path $PSScriptRoot -ChildPath 'Fixtures'

    $moduleCases = @(foreach ($case in (Get-ChildItem -LiteralPath (Join-Path -Path $fixtures -ChildPath 'Modules') -Directory | Sort-Object -Property Name)) {
            $moduleDir = Get-ChildItem -LiteralPath $case.FullName -Directory | Where-Object -FilterScript { $_.Name -ne 'Unit' } | Select-Object -First 1
            @{
                Case       = $case.Name
                CaseRoot   = $case.FullName
                ModuleRoot = $moduleDir.FullName
                UnitRoot   = Join-Path -Path $case.FullName -ChildPath 'Unit'
                Expected   = @(Get-PgQAExpectedFinding -FixtureRoot $case.FullName | Sort-Object -Unique)
            }
        })

    $filesRoot = Join-Path -Path $fixtures -ChildPath 'Files'
    $fileExpected = @(Get-PgQAExpectedFinding -FixtureRoot $filesRoot | Sort-Object -Unique)

    # Every rule id the rules can emit: the -Rule argument of each New-PgQAFinding / New-PgQAAstFinding call.
    $rulesFile = Join-Path -Path $PSScriptRoot -ChildPath 'ModuleRules.psm1'
    $parsed = Get-PgQAParsedFile -Path $rulesFile
    $ruleIds = @(foreach ($node in $parsed.Nodes) {
            if ($node -isnot [System.Management.Automation.Language.CommandAst] -or
                $node.GetCommandName() -notin @('New-PgQAFinding', 'New-PgQAAstFinding')) {
                continue
            }
            $elements = $node.CommandElements
            for ($i = 1; $i -lt $elements.Count - 1; $i++) {
                if ($elements[$i] -is [System.Management.Automation.Language.CommandParameterAst] -and $elements[$i].ParameterName -eq 'Rule' -and
                    $elements[$i + 1] -is [System.Management.Automation.Language.StringConstantExpressionAst]) {
                    $elements[$i + 1].Value
                }
            }
        }) | Sort-Object -Unique
    $allExpectedRules = @(@($moduleCases | ForEach-Object -Process { $_.Expected }) + $fileExpected |
            ForEach-Object -Process { $_.Split(':')[-1] } | Sort-Object -Unique)
    $ruleCases = @($ruleIds | ForEach-Object -Process { @{ Rule = $_; Proven = ($allExpectedRules -contains $_) } })
    $exemptionCases = @(Get-PgQAExemption | ForEach-Object -Process { @{ Rule = $_.Rule; Path = $_.Path; Reason = $_.Reason } })
}

BeforeAll {
    Import-Module -Name (Join-Path -Path $PSScriptRoot -ChildPath 'ModuleRules.psm1') -Force

    function Get-FindingKey {
        param ([object[]] $Finding, [string] $BasePath)
        foreach ($f in $Finding) {
            '{0}:{1}:{2}' -f (Get-PgQARelativePath -Path $f.Path -BasePath $BasePath), $f.Line, $f.Rule
        }
    }
}

AfterAll {
    Remove-Module -Name ModuleRules -Force -ErrorAction SilentlyContinue
}

# Ps7Only.ps1 is PowerShell 7 syntax on purpose: Windows PowerShell 5.1 cannot even parse it, so
# there it would only yield Parse.Error findings. Run this part on PowerShell 7.
Describe 'Per-file rules on Fixtures/Files' -Skip:($PSVersionTable.PSEdition -eq 'Desktop') {
    BeforeAll {
        $filesRoot = Join-Path -Path (Join-Path -Path $PSScriptRoot -ChildPath 'Fixtures') -ChildPath 'Files'
        $findings = @(foreach ($file in (Get-ChildItem -LiteralPath $filesRoot -Filter '*.ps1' -File)) {
                Test-PgQAParse -Path $file.FullName
                Test-PgQAWindowsPowerShellCompatibility -Path $file.FullName
                Test-PgQAFileFormat -Path $file.FullName
                Test-PgQACommandUsage -Path $file.FullName
                Test-PgQACredentialParameter -Path $file.FullName
            })
        $actual = @(Get-FindingKey -Finding $findings -BasePath $filesRoot)
        $expectedKeys = @(Get-PgQAExpectedFinding -FixtureRoot $filesRoot)
    }

    It 'reports <_>' -ForEach $fileExpected {
        $actual | Should -Contain $_
    }

    It 'reports nothing that is not expected (5.1-valid code, suppressions with a reason)' {
        $unexpected = @($findings | Where-Object -FilterScript { $expectedKeys -notcontains (Get-FindingKey -Finding @($_) -BasePath $filesRoot) })
        Assert-PgQANoFinding -Finding $unexpected -BasePath $filesRoot
    }
}

Describe 'Exemptions of the 5.1 compatibility rule' {
    BeforeAll {
        $nativeQuote = Join-Path -Path (Join-Path -Path (Join-Path -Path $PSScriptRoot -ChildPath 'Fixtures') -ChildPath 'Files') -ChildPath 'NativeQuote.ps1'
        function Get-NativeQuoteCount {
            param ([object[]] $Exemption)
            @(Test-PgQAWindowsPowerShellCompatibility -Path $nativeQuote -Exemption $Exemption |
                    Where-Object -FilterScript { $_.Rule -eq 'Compat.NativeArgumentQuote' }).Count
        }
    }

    It 'drop the findings of their rule in their file, and only there' {
        $unexempted = Get-NativeQuoteCount -Exemption @()
        $unexempted | Should -BeGreaterThan 10
        $here = [pscustomobject]@{ Rule = 'Compat.NativeArgumentQuote'; Path = 'Fixtures/Files/NativeQuote.ps1'; Reason = 'a test' }
        Get-NativeQuoteCount -Exemption @($here) | Should -Be 0
        # Another file whose name NativeQuote.ps1 merely ends with: a path matches whole segments only.
        $elsewhere = [pscustomobject]@{ Rule = 'Compat.NativeArgumentQuote'; Path = 'Quote.ps1'; Reason = 'a test' }
        Get-NativeQuoteCount -Exemption @($elsewhere) | Should -Be $unexempted
        $otherRule = [pscustomobject]@{ Rule = 'Compat.Command'; Path = 'Fixtures/Files/NativeQuote.ps1'; Reason = 'a test' }
        Get-NativeQuoteCount -Exemption @($otherRule) | Should -Be $unexempted
    }

    It 'count only with a reason' {
        $noReason = [pscustomobject]@{ Rule = 'Compat.NativeArgumentQuote'; Path = 'Fixtures/Files/NativeQuote.ps1'; Reason = ' ' }
        Get-NativeQuoteCount -Exemption @($noReason) | Should -Be (Get-NativeQuoteCount -Exemption @())
    }

    It 'built into the rule: <Path> names a Compat rule, a repository path and a reason' -ForEach $exemptionCases {
        $Rule | Should -Match '^Compat\.'
        $Path | Should -Match '^ps-module/[^\\]+$'
        $Reason | Should -Match '\S' -Because 'an exemption without a reason is ignored by the rule'
    }
}

Describe 'All rules on fixture module <Case>' -ForEach $moduleCases {
    BeforeAll {
        $findings = @(Invoke-PgQAModuleRule -ModuleRoot $ModuleRoot -UnitTestRoot $UnitRoot -UnitTestFilter '*.Spec.ps1')
        $actual = @(Get-FindingKey -Finding $findings -BasePath $CaseRoot)
    }

    It 'reports <_>' -ForEach $Expected {
        $actual | Should -Contain $_
    }

    It 'reports nothing that is not expected' {
        $unexpected = @($findings | Where-Object -FilterScript { $Expected -notcontains (Get-FindingKey -Finding @($_) -BasePath $CaseRoot) })
        Assert-PgQANoFinding -Finding $unexpected -BasePath $CaseRoot
    }
}

Describe 'Every rule can fail' {
    It 'rule <Rule> is triggered by at least one fixture' -ForEach $ruleCases {
        $Proven | Should -BeTrue -Because "a fixture under QA/Fixtures must declare 'expect: $Rule' where the rule fires"
    }
}

Describe 'Finding messages' {
    It 'name the file, line, column and rule, and say what to change' {
        $finding = [pscustomobject]@{ Rule = 'Command.Alias'; Path = '/repo/ps-module/X/Public/Get-PgX.ps1'; Line = 12; Column = 5; Message = "'sc' is an alias; call sc.exe" }
        Format-PgQAFinding -Finding $finding -BasePath '/repo' | Should -Be "ps-module/X/Public/Get-PgX.ps1:12:5: [Command.Alias] 'sc' is an alias; call sc.exe"
    }

    It 'fail the calling test with one line per finding' {
        $finding = [pscustomobject]@{ Rule = 'Format.Tab'; Path = '/repo/a.ps1'; Line = 3; Column = 1; Message = 'tab character; indent with 4 spaces' }
        { Assert-PgQANoFinding -Finding @($finding, $finding) -BasePath '/repo' } | Should -Throw '2 finding(s):*a.ps1:3:1: `[Format.Tab`] tab character*'
        { Assert-PgQANoFinding -Finding @() } | Should -Not -Throw
    }

    It 'know the Windows PowerShell 5.1 aliases that Linux lacks (sc is Set-Content there)' {
        $aliases = Get-PgQAAliasTable
        $aliases['sc'] | Should -Be 'Set-Content'
        $aliases['sort'] | Should -Be 'Sort-Object'
        $aliases['curl'] | Should -Be 'Invoke-WebRequest'
    }
}

<#
.SYNOPSIS
    Runs the PgCluster PowerShell tests (QA rules and unit tests) with Pester 5 and exits non-zero
    when anything fails.

.DESCRIPTION
    Imports Pester 5 by path, discovers every *.Tests.ps1 under the given paths (default: this
    folder, i.e. test/powershell/QA and test/powershell/Unit; the deliberately broken fixtures under
    QA/Fixtures are never run as tests), runs them with detailed output and exits with:
        0  every test passed
        1  a test failed, a container (test file) failed to load, or a BeforeAll/AfterAll failed
        2  no test was found, or Pester 5 could not be loaded
    Works in Windows PowerShell 5.1 and PowerShell 7.

    Pester is found, in this order: -PesterPath; $env:PGCLUSTER_PESTER_PATH; the cache that
    scripts/powershell-deps fills (${XDG_CACHE_HOME:-$HOME/.cache}/pgcluster/Modules/Pester/5.7.1,
    or %LOCALAPPDATA%\pgcluster\Modules\Pester\5.7.1 on Windows); the newest Pester 5.x in
    $env:PSModulePath.

.PARAMETER PesterPath
    Path of Pester.psd1 (Pester 5.x) to import.

.PARAMETER Path
    Test files or folders to run. Default: the folder of this script.

.PARAMETER Output
    Pester output verbosity: None, Normal, Detailed (default) or Diagnostic.

.PARAMETER TestResultPath
    When given, also writes an NUnit XML report there.

.PARAMETER FullNameFilter
    Runs only the tests whose full name matches one of these wildcard patterns.

.EXAMPLE
    pwsh -NoProfile -File test/powershell/Invoke-PgClusterTests.ps1

    Runs every PowerShell test of the repository.

.EXAMPLE
    pwsh -NoProfile -File test/powershell/Invoke-PgClusterTests.ps1 -Path test/powershell/QA

    Runs only the static quality checks and their fixture tests.

.OUTPUTS
    None. The exit code carries the result.
#>
[CmdletBinding()]
param (
    [Parameter()]
    [string]
    $PesterPath,

    [Parameter()]
    [string[]]
    $Path,

    [Parameter()]
    [ValidateSet('None', 'Normal', 'Detailed', 'Diagnostic')]
    [string]
    $Output = 'Detailed',

    [Parameter()]
    [string]
    $TestResultPath,

    [Parameter()]
    [string[]]
    $FullNameFilter
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

function Find-PesterManifest {
    param ([string] $Explicit)

    if ($Explicit) {
        return $Explicit
    }
    if ($env:PGCLUSTER_PESTER_PATH) {
        return $env:PGCLUSTER_PESTER_PATH
    }
    $cacheRoots = @()
    if ($env:XDG_CACHE_HOME) {
        $cacheRoots += $env:XDG_CACHE_HOME
    }
    if ($env:HOME) {
        $cacheRoots += (Join-Path -Path $env:HOME -ChildPath '.cache')
    }
    if ($env:LOCALAPPDATA) {
        $cacheRoots += $env:LOCALAPPDATA
    }
    foreach ($root in $cacheRoots) {
        $candidate = Join-Path -Path (Join-Path -Path $root -ChildPath 'pgcluster') -ChildPath 'Modules/Pester/5.7.1/Pester.psd1'
        if (Test-Path -LiteralPath $candidate -PathType Leaf) {
            return $candidate
        }
    }
    $installed = Get-Module -ListAvailable -Name Pester |
        Where-Object -FilterScript { $_.Version.Major -eq 5 } |
        Sort-Object -Property Version -Descending |
        Select-Object -First 1
    if ($null -ne $installed) {
        return $installed.Path
    }
    return $null
}

$manifest = Find-PesterManifest -Explicit $PesterPath
if ($PesterPath -and -not (Test-Path -LiteralPath $PesterPath -PathType Leaf)) {
    [Console]::Error.WriteLine("ERROR: -PesterPath '$PesterPath' does not exist; give the path of Pester.psd1 (Pester 5.x).")
    exit 2
}
if (-not $manifest -or -not (Test-Path -LiteralPath $manifest -PathType Leaf)) {
    [Console]::Error.WriteLine('ERROR: Pester 5 was not found. Run scripts/powershell-deps (it caches Pester 5.7.1), pass -PesterPath <Pester.psd1>, or set PGCLUSTER_PESTER_PATH.')
    exit 2
}
# Windows PowerShell ships Pester 3.4 in-box: make sure only the requested Pester 5 is loaded.
Get-Module -Name Pester | Remove-Module -Force
try {
    $pester = Import-Module -Name $manifest -Force -PassThru -ErrorAction Stop
}
catch {
    [Console]::Error.WriteLine("ERROR: Pester could not be imported from ${manifest}: $($_.Exception.Message)")
    exit 2
}
if ($pester.Version.Major -ne 5) {
    [Console]::Error.WriteLine("ERROR: $manifest is Pester $($pester.Version); these tests need Pester 5.")
    exit 2
}

if (-not $Path -or $Path.Count -eq 0) {
    $Path = @($PSScriptRoot)
}
$resolved = @()
foreach ($p in $Path) {
    if (-not (Test-Path -LiteralPath $p)) {
        [Console]::Error.WriteLine("ERROR: test path '$p' does not exist.")
        exit 2
    }
    $resolved += (Resolve-Path -LiteralPath $p).ProviderPath
}

$configuration = New-PesterConfiguration
$configuration.Run.Path = $resolved
# The fixtures are broken on purpose; they are inputs of QA/ModuleRules.Tests.ps1, not tests.
$configuration.Run.ExcludePath = @((Join-Path -Path (Join-Path -Path $PSScriptRoot -ChildPath 'QA') -ChildPath 'Fixtures') + '*')
$configuration.Run.PassThru = $true
$configuration.Run.Exit = $false
$configuration.Output.Verbosity = $Output
$configuration.Should.ErrorAction = 'Stop'
if ($FullNameFilter) {
    $configuration.Filter.FullName = $FullNameFilter
}
if ($TestResultPath) {
    $configuration.TestResult.Enabled = $true
    $configuration.TestResult.OutputFormat = 'NUnitXml'
    $configuration.TestResult.OutputPath = $TestResultPath
}

Write-Information -MessageData ("Pester {0} on PowerShell {1} ({2}); tests: {3}" -f $pester.Version, $PSVersionTable.PSVersion, $PSVersionTable.PSEdition, ($resolved -join ', ')) -InformationAction Continue
$started = Get-Date
$result = Invoke-Pester -Configuration $configuration
$elapsed = (Get-Date) - $started

if ($null -eq $result -or $null -eq $result.PSObject.Properties['Containers'] -or @($result.Containers).Count -eq 0) {
    [Console]::Error.WriteLine('ERROR: no test files (*.Tests.ps1) were found under ' + ($resolved -join ', ') + '.')
    exit 2
}

# A container "fails to run" when its file cannot be discovered or a block-level setup throws:
# it then carries an ErrorRecord (a container whose tests merely fail has none).
$failedContainers = @($result.Containers | Where-Object -FilterScript { @($_.ErrorRecord).Count -gt 0 })
$failedBlocks = @()
if ($null -ne $result.PSObject.Properties['FailedBlocks']) {
    $failedBlocks = @($result.FailedBlocks)
}
$summary = 'PowerShell tests: {0} passed, {1} failed, {2} skipped, {3} not run; {4} of {5} test files failed to run; {6:N1} s' -f `
    $result.PassedCount, $result.FailedCount, $result.SkippedCount, $result.NotRunCount, $failedContainers.Count, @($result.Containers).Count, $elapsed.TotalSeconds
Write-Information -MessageData $summary -InformationAction Continue

if ($result.TotalCount -eq 0 -and $failedContainers.Count -eq 0) {
    [Console]::Error.WriteLine('ERROR: no tests were found under ' + ($resolved -join ', ') + '.')
    exit 2
}
if ($result.FailedCount -gt 0 -or $failedContainers.Count -gt 0 -or $failedBlocks.Count -gt 0 -or $result.Result -ne 'Passed') {
    foreach ($c in $failedContainers) {
        $reason = ''
        if ($c.ErrorRecord) {
            $reason = ': ' + (@($c.ErrorRecord) | Select-Object -First 1).Exception.Message
        }
        [Console]::Error.WriteLine("FAILED TO RUN: $($c.Item)$reason")
    }
    foreach ($t in @($result.Failed)) {
        [Console]::Error.WriteLine("FAILED: $($t.ExpandedPath)")
    }
    exit 1
}
exit 0

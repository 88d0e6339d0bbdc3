function Invoke-PgServiceTool {
    <#
    .SYNOPSIS
        Reads (-Query) or creates/changes (-Set) a Windows service through pgcluster-scm.exe, which
        calls the service control manager's API. The settings, a password among them, go to it on
        standard input, %XX-escaped: no command line holds them, none needs quotes, and no code page
        can change them. Returns the service as the SCM has it afterwards (PgCluster.Service), or
        nothing when -Query finds no such service; throws PgCluster.<ErrorId> otherwise.
    #>
    [CmdletBinding(DefaultParameterSetName = 'Query')]
    [OutputType('PgCluster.Service')]
    param (
        [Parameter(Mandatory = $true, ParameterSetName = 'Query')]
        [ValidateNotNullOrEmpty()]
        [string]
        $Query,

        # Keys name, binpath, display, start (auto|demand|disabled), account, password, description.
        [Parameter(Mandatory = $true, ParameterSetName = 'Set')]
        [hashtable]
        $Set,

        [Parameter(ParameterSetName = 'Set')]
        [string]
        $ErrorId = 'ServiceSetFailed',

        [Parameter(ParameterSetName = 'Set')]
        [string]
        $Hint = 'Run PowerShell as Administrator.'
    )

    $tool = Get-PgHelperPath -Name 'pgcluster-scm.exe' `
        -Hint 'It is installed by the PgCluster MSI (in a source tree: scripts/build-windows-helpers); repair or reinstall PgCluster.'
    if ($PSCmdlet.ParameterSetName -eq 'Query') {
        $run = Invoke-PgNative -FilePath $tool -ArgumentList @('query', $Query)
        $what = $Query
        $ErrorId = 'ServiceQueryFailed'
    }
    else {
        $request = foreach ($key in @($Set.Keys | Sort-Object)) {
            if ($null -ne $Set[$key]) {
                "$key`t$([Uri]::EscapeDataString([string]$Set[$key]))"
            }
        }
        $run = Invoke-PgNative -FilePath $tool -ArgumentList @('set') -StandardInput $request
        $what = $Set['name']
    }
    $answer = ConvertFrom-PgServiceToolOutput -Line $run.StdOut
    if ($answer.PSObject.Properties['ErrorCode']) {
        if ($PSCmdlet.ParameterSetName -eq 'Query' -and $answer.ErrorCode -eq 1060) {
            Write-Verbose -Message "Service '$Query' does not exist."
            return
        }
        throw (New-PgErrorRecord -ErrorId $ErrorId -TargetObject $what `
                -Message "Service '$what': $($answer.ErrorText) (Windows error $($answer.ErrorCode))" -Hint $Hint)
    }
    if ($run.ExitCode -ne 0) {
        throw (New-PgErrorRecord -ErrorId $ErrorId -TargetObject $what `
                -Message "pgcluster-scm.exe failed on service '$what' (exit code $($run.ExitCode)): $($run.Output -join ' ')" -Hint $Hint)
    }
    $answer
}

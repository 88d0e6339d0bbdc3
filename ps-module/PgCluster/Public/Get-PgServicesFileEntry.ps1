function Get-PgServicesFileEntry {
    <#
    .SYNOPSIS
        Lists the entries of the Windows services file, or those of given service names.

    .DESCRIPTION
        Parses %SystemRoot%\System32\drivers\etc\services (or another file given with -Path) and
        returns one PgCluster.ServicesFileEntry object per entry line: name, port, protocol,
        aliases, comment and line number. Blank, comment-only and malformed lines are skipped.
        With -Name only entries whose name or an alias matches are returned; a name that is not
        in the file gives no output and no error, so scripts can test for it.

    .PARAMETER Name
        Service names or aliases to look for, such as pgcluster-mc-server1. Wildcards are allowed.
        Accepts pipeline input.

    .PARAMETER Path
        The services file to read. Defaults to %SystemRoot%\System32\drivers\etc\services.

    .EXAMPLE
        Get-PgServicesFileEntry -Name 'pgcluster-*'

        Shows the ports PgCluster reserved on this server.

    .EXAMPLE
        Get-PgServicesFileEntry | Where-Object -Property Port -EQ 27540

        Finds which service, if any, already holds port 27540.

    .OUTPUTS
        PgCluster.ServicesFileEntry

    .LINK
        Add-PgServicesFileEntry
    #>
    [CmdletBinding()]
    [OutputType('PgCluster.ServicesFileEntry')]
    param (
        [Parameter(ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true, Position = 0)]
        [ValidateNotNullOrEmpty()]
        [string[]]
        $Name,

        [Parameter(ValueFromPipelineByPropertyName = $true)]
        [ValidateNotNullOrEmpty()]
        [string]
        $Path = "$env:SystemRoot\System32\drivers\etc\services"
    )

    process {
        if (-not (Test-Path -LiteralPath $Path -PathType Leaf)) {
            $PSCmdlet.ThrowTerminatingError((New-PgErrorRecord -ErrorId 'ServicesFileNotFound' -Category ObjectNotFound `
                        -TargetObject $Path -Message "The services file '$Path' does not exist." `
                        -Hint 'Give the right file with -Path; Windows keeps it in %SystemRoot%\System32\drivers\etc.'))
        }
        $file = Read-PgServicesFile -Path $Path
        $entries = @(ConvertFrom-PgServicesFile -Line $file.Lines -Path $Path)
        if (-not $Name) {
            $entries
            return
        }
        foreach ($entry in $entries) {
            foreach ($pattern in $Name) {
                $aliasMatch = @($entry.Aliases | Where-Object -FilterScript { $_ -like $pattern }).Count -gt 0
                if ($entry.Name -like $pattern -or $aliasMatch) {
                    $entry
                    break
                }
            }
        }
    }
}
